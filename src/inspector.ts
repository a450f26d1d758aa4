/**
 * The XState inspector on demand (jupyter-ecosystem.md §5.5): loaded with a
 * dynamic import, so it is a separate chunk that costs nothing when off.
 * Every inspected event is redacted first: it leaves the page for the
 * inspector window.
 */
import type { InspectionEvent } from 'xstate';

export type InspectFn = (event: InspectionEvent) => void;

/** Keys whose values never leave the page. */
const SECRET_KEYS = /token|code|secret|password|authorization|cookie/i;

/** A deep copy of `value` with secret-looking fields replaced. */
export function redactSecrets(value: unknown, depth = 0): unknown {
  if (depth > 8 || value === null || typeof value !== 'object') {
    return value;
  }
  if (Array.isArray(value)) {
    return value.map(item => redactSecrets(item, depth + 1));
  }
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    copy[key] =
      SECRET_KEYS.test(key) && typeof item === 'string'
        ? '[redacted]'
        : redactSecrets(item, depth + 1);
  }
  return copy;
}

export async function createInspect(): Promise<InspectFn> {
  const { createBrowserInspector } = await import('@statelyai/inspect');
  const inspector = createBrowserInspector({
    serialize: event => redactSecrets(event) as typeof event
  });
  return inspector.inspect.next
    ? (event: InspectionEvent) => inspector.inspect.next?.(event)
    : () => undefined;
}
