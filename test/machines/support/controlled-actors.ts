/**
 * The boundary of the pure machine tests: every injected actor becomes a
 * promise the test settles by hand, keyed by the invoke id (which is the
 * actor's own id), so a model path's `xstate.done.actor.X` /
 * `xstate.error.actor.X` steps can be replayed on a real actor.
 */
import { fromPromise, type PromiseActorLogic } from 'xstate';

interface Pending {
  input: unknown;
  resolve: (output: unknown) => void;
  reject: (error: unknown) => void;
}

export class ControlledActors {
  private readonly pending = new Map<string, Pending[]>();
  /** Every input an actor was started with, in order, per invoke id. */
  readonly started: Array<{ id: string; input: unknown }> = [];

  /** Actor logic whose promise stays open until `resolve`/`reject` is called for its id. */
  logic<TOutput, TInput>(): PromiseActorLogic<TOutput, TInput> {
    return fromPromise<TOutput, TInput>(
      ({ input, self, signal }) =>
        new Promise<TOutput>((resolve, reject) => {
          const entry: Pending = {
            input,
            resolve: output => resolve(output as TOutput),
            reject
          };
          const queue = this.pending.get(self.id) ?? [];
          queue.push(entry);
          this.pending.set(self.id, queue);
          this.started.push({ id: self.id, input });
          // The state that invoked it was left: it can no longer be settled.
          signal.addEventListener('abort', () => this.drop(self.id, entry));
        })
    );
  }

  isPending(id: string): boolean {
    return (this.pending.get(id)?.length ?? 0) > 0;
  }

  inputOf(id: string): unknown {
    return this.take(id, false).input;
  }

  resolve(id: string, output: unknown): void {
    this.take(id, true).resolve(output);
  }

  reject(id: string, error: unknown): void {
    this.take(id, true).reject(error);
  }

  private take(id: string, remove: boolean): Pending {
    const queue = this.pending.get(id);
    const entry = queue?.[0];
    if (!queue || !entry) {
      const open = [...this.pending.entries()]
        .filter(([, list]) => list.length > 0)
        .map(([key]) => key);
      throw new Error(`no running "${id}" actor to settle (running: ${open.join(', ') || 'none'})`);
    }
    if (remove) {
      queue.shift();
    }
    return entry;
  }

  private drop(id: string, entry: Pending): void {
    const queue = this.pending.get(id);
    if (queue) {
      this.pending.set(
        id,
        queue.filter(item => item !== entry)
      );
    }
  }
}

/** Lets settled promises deliver their done/error events to the machine. */
export async function flush(): Promise<void> {
  for (let i = 0; i < 3; i++) {
    await new Promise(resolve => setImmediate(resolve));
  }
}
