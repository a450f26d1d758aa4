/**
 * jsdom lays nothing out: every element measures 0×0, so a virtualized list
 * would render no row. Give scroll containers the size a browser would.
 */
export function giveElementsASize(width = 800, height = 480): () => void {
  const proto = HTMLElement.prototype;
  const original = {
    clientHeight: Object.getOwnPropertyDescriptor(proto, 'clientHeight'),
    clientWidth: Object.getOwnPropertyDescriptor(proto, 'clientWidth')
  };
  Object.defineProperty(proto, 'clientHeight', { configurable: true, get: () => height });
  Object.defineProperty(proto, 'clientWidth', { configurable: true, get: () => width });
  return () => {
    Object.defineProperty(proto, 'clientHeight', original.clientHeight ?? { value: 0 });
    Object.defineProperty(proto, 'clientWidth', original.clientWidth ?? { value: 0 });
  };
}
