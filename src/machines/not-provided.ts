import { fromPromise } from 'xstate';

/**
 * The default implementation of every injected actor: it rejects, naming the
 * actor, so a machine that was started without `.provide({ actors })` fails
 * loudly instead of hanging in a loading state.
 */
export function notProvided<TOutput, TInput = void>(name: string) {
  return fromPromise<TOutput, TInput>(async () => {
    throw new Error(
      `globus-jupyterlab: the "${name}" actor was not provided; ` +
        `inject it with machine.provide({ actors: { ${name}: ... } })`
    );
  });
}
