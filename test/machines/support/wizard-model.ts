/**
 * The wizard's graph: sample payloads for every event the chart handles, and
 * the machine with each injected actor (the recovery child included) replaced
 * by a `ControlledActors` promise, so model paths replay on a real actor.
 */
import type { RecoveryOutput, recoveryMachine } from '../../../src/machines/recovery.machine';
import {
  transferWizardMachine,
  type WizardContext,
  type WizardInput
} from '../../../src/machines/wizard.machine';
import { ControlledActors } from './controlled-actors';
import {
  collection,
  consentRequired,
  credentialsRequired,
  GCSV4_ID,
  LOCAL_ID,
  LOGIN_URL,
  loginRequired,
  notFound,
  sessionRequired,
  userIntervention
} from './fixtures';

export const fileInput: WizardInput = {
  jupyterPaths: ['notebooks/analysis.ipynb', 'data'],
  jupyterDirs: [false, true],
  localCollectionId: LOCAL_ID,
  collectionBasePath: '/~/',
  defaults: { syncLevel: 'none', verifyChecksum: true },
  isLoggedIn: false,
  loginUrl: LOGIN_URL
};

export const folderInput: WizardInput = {
  ...fileInput,
  jupyterPaths: ['results'],
  jupyterDirs: [true],
  isLoggedIn: true
};

export const unconfiguredInput: WizardInput = { ...fileInput, localCollectionId: null };

const outcome = (value: RecoveryOutput['outcome']) => ({
  type: 'xstate.done.actor.recovery',
  output: { outcome: value }
});

/**
 * One sample per behaviour: a plain, an encrypted and a not-activated GCSv4
 * collection; a recoverable error of each kind (activation, consent, S3
 * credentials, High Assurance, other GridFTP trouble, login) and one that is
 * not (NotFound).
 */
export const wizardEvents = [
  { type: 'collection.select', id: collection().id },
  { type: 'xstate.done.actor.loadCollection', output: collection() },
  {
    type: 'xstate.done.actor.loadCollection',
    output: collection({ force_encryption: true, default_directory: '/projects/' })
  },
  {
    type: 'xstate.done.actor.loadCollection',
    output: collection({ id: GCSV4_ID, entity_type: 'GCSv4_host', activated: false })
  },
  { type: 'xstate.error.actor.loadCollection', error: notFound },
  { type: 'xstate.error.actor.loadCollection', error: loginRequired },
  { type: 'path.change', path: '/~/shared/' },
  { type: 'selection.change', names: ['incoming'], dirs: [true] },
  { type: 'selection.change', names: ['a.csv', 'b.csv'], dirs: [false, false] },
  { type: 'listing.failed', error: consentRequired },
  { type: 'listing.failed', error: credentialsRequired },
  { type: 'listing.failed', error: notFound },
  { type: 'direction.set', direction: 'fromCollection' },
  { type: 'options.change', patch: { delete_destination_extra: true } },
  { type: 'xstate.done.actor.submitTransfer', output: { task_id: 'task-1', code: 'Accepted' } },
  { type: 'xstate.error.actor.submitTransfer', error: sessionRequired },
  { type: 'xstate.error.actor.submitTransfer', error: userIntervention },
  { type: 'xstate.error.actor.submitTransfer', error: notFound },
  { type: 'task.updated', status: 'ACTIVE' },
  { type: 'task.updated', status: 'SUCCEEDED' },
  { type: 'task.updated', status: 'FAILED' },
  { type: 'xstate.done.actor.cancelTask', output: { code: 'Canceled', message: 'cancelled' } },
  { type: 'xstate.error.actor.cancelTask', error: notFound },
  outcome('resolved'),
  outcome('cancelled'),
  outcome('unrecoverable'),
  { type: 'xstate.error.actor.recovery', error: { code: 'UnexpectedError', message: 'boom' } }
];

/**
 * The context a guard or a transition of the wizard reads: the folder path,
 * the label and the other option values, the error's wording and ids are
 * data the chart only carries, so they do not make a state different.
 */
export function wizardFlowContext(context: WizardContext): unknown {
  return {
    isLoggedIn: context.isLoggedIn,
    direction: context.direction,
    collectionId: context.collectionId,
    selectedDirs: context.selectedDirs,
    deleteExtra: context.options.delete_destination_extra,
    deleteExtraConfirmed: context.deleteExtraConfirmed,
    encrypt: context.options.encrypt_data,
    encryptionForced: context.encryptionForced,
    taskStatus: context.taskStatus,
    cancelRequested: context.cancelRequested,
    errorKind: context.error?.kind ?? null,
    retryTarget: context.retryTarget,
    recoveredKinds: context.recoveredKinds
  };
}

export function controlledWizard() {
  const controller = new ControlledActors();
  const machine = transferWizardMachine.provide({
    actors: {
      loadCollection: controller.logic(),
      submitTransfer: controller.logic(),
      cancelTask: controller.logic(),
      // The child is replaced like any other actor: its outcome is what the
      // wizard reacts to (the real child has its own model-based tests, and
      // wizard-recovery.test.ts runs the two together).
      recovery: controller.logic() as unknown as typeof recoveryMachine
    }
  });
  return { controller, machine };
}
