/**
 * The XState inspector on demand (jupyter-ecosystem.md §5.5): loaded with a
 * dynamic import, so it is a separate chunk that costs nothing when off.
 * Every inspected event goes through `redactForInspector` first: it leaves
 * the page for the inspector window.
 */
import type { InspectionEvent } from 'xstate';
import { redactForInspector } from './machines/inspect-redaction';

export type InspectFn = (event: InspectionEvent) => void;

export async function createInspect(): Promise<InspectFn> {
  const { createBrowserInspector } = await import('@statelyai/inspect');
  const inspector = createBrowserInspector({
    serialize: event => redactForInspector(event)
  });
  return event => inspector.inspect.next?.(event);
}
