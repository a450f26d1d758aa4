import type { GlobusErrorKind } from '../../src/api/types';
import {
  transferWizardMachine,
  type WizardContext,
  type WizardInput
} from '../../src/machines/wizard.machine';
import { createInvokingTestModel } from './support/invoking-test-model';
import {
  allStateIds,
  type AnyTestPath,
  contextOf,
  describePath,
  runPath,
  shortestPerStateValue,
  valueOf
} from './support/model-runner';
import {
  controlledWizard,
  fileInput,
  folderInput,
  unconfiguredInput,
  wizardEvents,
  wizardFlowContext
} from './support/wizard-model';

type Path = ReturnType<ReturnType<typeof createInvokingTestModel>['getShortestPaths']>[number];

/** States passed through inside one `send`; never a resting snapshot. */
const TRANSIENT = ['failing', 'retrying', 'stepBack', 'finishing'].map(
  key => `transferWizard.${key}`
);

function modelFor(input: WizardInput) {
  return createInvokingTestModel(transferWizardMachine, {
    events: wizardEvents,
    input,
    project: wizardFlowContext
  });
}

const models = [
  ['files', fileInput, modelFor(fileInput)],
  ['one folder', folderInput, modelFor(folderInput)],
  ['no local collection', unconfiguredInput, modelFor(unconfiguredInput)]
] as const;

const graphs: Array<[string, WizardInput, Path[]]> = models.map(([label, input, model]) => [
  label,
  input,
  model.getShortestPaths({ allowDuplicatePaths: true })
]);

const ctx = (path: Path) => contextOf<WizardContext>(path);
const lastEvent = (path: Path) =>
  path.steps[path.steps.length - 1].event as { type: string } & Record<string, unknown>;

/** The shortest path of the graph that satisfies `predicate`; throws if the chart cannot get there. */
function shortest(paths: Path[], what: string, predicate: (path: Path) => boolean): Path {
  const found = paths.filter(predicate).sort((a, b) => a.steps.length - b.steps.length)[0];
  if (!found) {
    throw new Error(`the wizard graph has no path to: ${what}`);
  }
  return found;
}

const STEPS = ['checkingCollection', 'browse', 'submitting'] as const;
/** The recoverable kinds the samples produce at each step. */
const KINDS_AT: Record<(typeof STEPS)[number], GlobusErrorKind[]> = {
  checkingCollection: ['login_required', 'activation_required'],
  browse: ['consent_required', 'credentials_required'],
  submitting: ['session_required', 'user_intervention']
};

type Model = ReturnType<typeof modelFor>;
type Sample = Record<string, unknown> & { type: string };

function kindOf(error: unknown): unknown {
  return (error as { kind?: unknown } | undefined)?.kind;
}

function sampleWhere(predicate: (event: Sample) => boolean): Sample {
  const found = (wizardEvents as Sample[]).find(predicate);
  if (!found) {
    throw new Error('no such sample event in wizardEvents');
  }
  return found;
}

/** The failure each recoverable sample kind is reported by, at its step. */
const FAILURE: Partial<Record<GlobusErrorKind, Sample>> = {
  login_required: sampleWhere(
    e => e.type === 'xstate.error.actor.loadCollection' && kindOf(e.error) === 'login_required'
  ),
  activation_required: sampleWhere(
    e =>
      e.type === 'xstate.done.actor.loadCollection' &&
      (e.output as { activated?: boolean }).activated === false
  ),
  consent_required: sampleWhere(
    e => e.type === 'listing.failed' && kindOf(e.error) === 'consent_required'
  ),
  credentials_required: sampleWhere(
    e => e.type === 'listing.failed' && kindOf(e.error) === 'credentials_required'
  ),
  user_intervention: sampleWhere(
    e => e.type === 'xstate.error.actor.submitTransfer' && kindOf(e.error) === 'user_intervention'
  ),
  session_required: sampleWhere(
    e => e.type === 'xstate.error.actor.submitTransfer' && kindOf(e.error) === 'session_required'
  )
};

/** `path` followed by one more event, as the model computes it. */
function extend(model: Model, input: WizardInput, path: Path, event: Sample | undefined): Path {
  if (!event) {
    throw new Error('extend: no sample event for this kind');
  }
  const events = [...path.steps.slice(1).map(step => step.event), event];
  const [extended] = model.getPathsFromEvents(
    events as Parameters<Model['getPathsFromEvents']>[0],
    // Its default start ignores the model's input; start where the path starts.
    { input, fromState: path.steps[0].state }
  );
  return extended;
}

/** Named scenarios: each recovery path, its bound, and the option/direction branches. */
/** [title, path, the state it must end in when the path was built rather than searched]. */
type Scenario = [string, Path, string?];

function scenarios(model: Model, paths: Path[], input: WizardInput): Scenario[] {
  const list: Scenario[] = [];
  const add = (what: string, predicate: (path: Path) => boolean) =>
    list.push([what, shortest(paths, what, predicate)]);
  for (const step of STEPS) {
    for (const kind of KINDS_AT[step]) {
      add(
        `${kind} at ${step} starts a recovery`,
        p =>
          valueOf(p) === 'recovering' && ctx(p).retryTarget === step && ctx(p).error?.kind === kind
      );
      add(
        `a resolved ${kind} recovery retries ${step} by itself`,
        p =>
          valueOf(p) === step &&
          ctx(p).recoveredKinds.includes(kind) &&
          lastEvent(p).type === 'xstate.done.actor.recovery'
      );
      // The bound: from the retried step (kind already recovered), the same
      // failure again. Built by extending the retry's path with that event,
      // since the shortest path to the resulting error state may take another route.
      const retried = shortest(
        paths,
        `${step} retried after a ${kind} recovery`,
        p =>
          valueOf(p) === step && ctx(p).retryTarget === step && ctx(p).recoveredKinds.includes(kind)
      );
      list.push([
        `the bound: ${kind} again at ${step} after one recovery ends in error`,
        extend(model, input, retried, FAILURE[kind]),
        'error'
      ]);
    }
    add(
      `a cancelled recovery at ${step} steps back`,
      p =>
        ctx(p).retryTarget === step &&
        lastEvent(p).type === 'xstate.done.actor.recovery' &&
        (lastEvent(p).output as { outcome: string }).outcome === 'cancelled'
    );
    add(
      `retry from the error screen re-runs ${step}`,
      p => valueOf(p) === step && ctx(p).retryTarget === step && lastEvent(p).type === 'retry'
    );
  }
  add(
    'an unrecoverable outcome shows the error',
    p =>
      valueOf(p) === 'error' &&
      (lastEvent(p).output as { outcome?: string })?.outcome === 'unrecoverable'
  );
  add(
    'a crashed recovery shows the error',
    p => valueOf(p) === 'error' && lastEvent(p).type === 'xstate.error.actor.recovery'
  );
  add(
    'a non-recoverable listing error stays inline in browse',
    p => valueOf(p) === 'browse' && ctx(p).error?.kind === 'globus_error'
  );
  add(
    'forced encryption reaches the review locked on',
    p => valueOf(p) === 'review' && ctx(p).encryptionForced && ctx(p).options.encrypt_data
  );
  add(
    'delete-extra needs its confirmation before the review',
    p =>
      valueOf(p) === 'review' &&
      ctx(p).options.delete_destination_extra &&
      ctx(p).deleteExtraConfirmed
  );
  add(
    'a cancelled task keeps being tracked until Globus reports it',
    p => valueOf(p) === 'tracking' && ctx(p).cancelRequested
  );
  add(
    'a failed cancel shows its error next to the progress',
    p => valueOf(p) === 'tracking' && ctx(p).error !== null && !ctx(p).cancelRequested
  );
  if (input.jupyterPaths.length === 1 && input.jupyterDirs[0]) {
    add(
      'a single folder can receive from the collection',
      p => valueOf(p) === 'review' && ctx(p).direction === 'fromCollection'
    );
  }
  return list;
}

describe('transferWizardMachine, model-based', () => {
  const visited = new Set<string>();
  const reached = new Set<string>();

  /** Runs the path on the chart with controlled actors, recording the states it passed. */
  async function replay(path: AnyTestPath, input: WizardInput): Promise<void> {
    const { controller, machine } = controlledWizard();
    const ids = await runPath(path, { machine, controller, input, project: wizardFlowContext });
    for (const id of ids) visited.add(id);
  }

  for (const [index, [label, input, paths]] of graphs.entries()) {
    const model = models[index][2];
    describe(`${label}: one real run per state`, () => {
      for (const path of shortestPerStateValue(paths)) {
        reached.add(`transferWizard.${String(valueOf(path))}`);
        it(describePath(path), async () => {
          await replay(path, input);
        });
      }
    });
    if (input.localCollectionId) {
      describe(`${label}: scenarios`, () => {
        for (const [what, path, expected] of scenarios(model, paths, input)) {
          it(`${what}: ${describePath(path)}`, async () => {
            if (expected) {
              expect(valueOf(path)).toBe(expected);
            }
            await replay(path, input);
          });
        }
      });
    }
  }

  it('the model reaches every resting state of the chart', () => {
    const resting = [...allStateIds(transferWizardMachine)].filter(id => !TRANSIENT.includes(id));
    expect([...reached].sort()).toEqual(resting.sort());
  });

  it('the real actor passed through every state node, transient ones included', () => {
    expect([...visited].sort()).toEqual([...allStateIds(transferWizardMachine)].sort());
  });

  it('the bound holds on every edge of the graph: no second recovery of a kind at a step', () => {
    // Edges, not paths: a forbidden recovery would re-enter an already visited
    // (state, context), a cycle that no shortest path shows.
    let entries = 0;
    for (const [, , model] of models) {
      for (const entry of Object.values(model.getAdjacencyMap())) {
        const before = entry.state as unknown as { value: unknown; context: WizardContext };
        for (const transition of Object.values(entry.transitions)) {
          const after = (transition as { state: unknown }).state as {
            value: unknown;
            context: WizardContext;
          };
          if (after.value !== 'recovering' || before.value === 'recovering') {
            continue;
          }
          entries++;
          const kind = after.context.error?.kind;
          const alreadyRecovered =
            before.context.retryTarget === after.context.retryTarget &&
            kind !== undefined &&
            before.context.recoveredKinds.includes(kind);
          expect(alreadyRecovered).toBe(false);
        }
      }
    }
    expect(entries).toBeGreaterThan(100);
  });
});
