/**
 * Browser APIs jsdom lacks but JupyterLab's packages touch at import time
 * (JupyterLab's own jest environment adds the same). Import this first.
 */
if (typeof (globalThis as { DragEvent?: unknown }).DragEvent === 'undefined') {
  class DragEventPolyfill extends MouseEvent {
    readonly dataTransfer = null;
  }
  (globalThis as { DragEvent?: unknown }).DragEvent = DragEventPolyfill;
}

if (typeof window.matchMedia !== 'function') {
  window.matchMedia = (query: string) =>
    ({
      matches: false,
      media: query,
      onchange: null,
      addListener: () => undefined,
      removeListener: () => undefined,
      addEventListener: () => undefined,
      removeEventListener: () => undefined,
      dispatchEvent: () => false
    }) as MediaQueryList;
}
export {};
