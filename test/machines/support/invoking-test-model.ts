/**
 * `createTestModel` from `xstate/graph`, minus its refusal of machines that
 * invoke actors ("Invocations on test machines are not supported"): it
 * refuses them because a plain model cannot run invoked actors. Ours are
 * replayed by `runPath`, which settles each invoked actor through
 * `ControlledActors` when the path reaches its `xstate.done.actor.*` /
 * `xstate.error.actor.*` step, so the same graph traversal applies.
 *
 * States are told apart by value and context (`serializeSnapshot`), or the
 * part of the context the chart's guards read (`project`), not by the
 * transition that reached them, so the graph stays small and each distinct
 * (state, context) gets its shortest path.
 */
import {
  __unsafe_getAllOwnEventDescriptors,
  type AnyStateMachine,
  type ContextFrom,
  type EventFromLogic
} from 'xstate';
import { serializeSnapshot, TestModel } from 'xstate/graph';

export function createInvokingTestModel<TMachine extends AnyStateMachine>(
  machine: TMachine,
  options: {
    /** Sample payloads; event types without a sample are sent as `{ type }`. */
    events: ReadonlyArray<{ type: string } & Record<string, unknown>>;
    input?: unknown;
    /**
     * What of the context tells states apart (default: all of it). Projecting
     * away data that no guard reads keeps the graph small without losing a
     * branch of the chart.
     */
    project?: (context: ContextFrom<TMachine>) => unknown;
  }
) {
  const samples = options.events;
  return new TestModel(machine, {
    serializeState: state =>
      options.project
        ? JSON.stringify({ value: state.value, context: options.project(state.context) })
        : serializeSnapshot(state),
    stateMatcher: (state, key) => state.matches(key),
    input: options.input,
    // A finished actor takes no more events, but the pure transition function
    // would still apply root-level handlers to it; stop the traversal there.
    stopWhen: state => state.status === 'done',
    events: state =>
      __unsafe_getAllOwnEventDescriptors(state).flatMap(type => {
        const matching = samples.filter(sample => sample.type === type);
        return (matching.length > 0 ? matching : [{ type }]) as Array<EventFromLogic<TMachine>>;
      })
  });
}
