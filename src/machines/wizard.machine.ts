/**
 * One open "Transfer with Globus" wizard: sign in, choose the other
 * collection, browse it, set options, review, submit, track. Errors a user
 * can fix become the `recovering` state (a `recoveryMachine` child), after
 * which the SAME step runs again by itself, once: a second failure of the
 * same kind at the same step lands in `error`, never in another recovery.
 *
 * The chart keeps ids and form values only; the UI's react-query cache owns
 * collections, listings and tasks (jupyter-ecosystem.md §5.4), so the UI
 * reports listing failures (`listing.failed`) and task progress
 * (`task.updated`) as events.
 */
import { assign, emit, enqueueActions, forwardTo, not, setup } from 'xstate';
import type {
  EndpointDocument,
  GlobusErrorBody,
  GlobusErrorKind,
  TaskCancelResponse,
  TaskStatus,
  TransferRequest,
  TransferSubmitResponse
} from '../api/types';
import { isRecoverableKind, toGlobusError } from './errors';
import { notProvided } from './not-provided';
import { globusWebAppLink, recoveryMachine, type RecoveryOutput } from './recovery.machine';
import {
  buildTransferRequest,
  destinationProblems,
  type Direction,
  type OptionDefaults,
  initialOptions,
  transferProblems,
  type TransferOptions,
  type TransferSource
} from './transfer-request';

/** The steps that call Globus and can therefore fail and be retried. */
export type RetryTarget = 'checkingCollection' | 'browse' | 'submitting';

export interface WizardInput {
  /** Jupyter contents paths of the file-browser selection. */
  jupyterPaths: string[];
  /** Whether each of `jupyterPaths` is a folder. */
  jupyterDirs: boolean[];
  /** `/config` `collection_id`; null means no local collection is configured. */
  localCollectionId: string | null;
  /** `/config` `collection_base_path`; defaults to `/`. */
  collectionBasePath?: string;
  defaults: OptionDefaults;
  /** `/config` `is_logged_in` (or the auth actor's state) when the wizard opens. */
  isLoggedIn: boolean;
  /** `{base_url}globus-jupyterlab/login`, for recoveries whose error carries no `login_url`. */
  loginUrl: string;
  /** `/config` `is_manual_copy_code_required` (JupyterHub). */
  isManualCopyCodeRequired?: boolean;
}

export interface WizardContext extends TransferSource {
  /** Set from the input, then by `auth.loggedIn`: `signIn` is skipped when true. */
  isLoggedIn: boolean;
  loginUrl: string;
  isManualCopyCodeRequired: boolean;
  /** A single Jupyter folder may be the destination too (`direction.set`). */
  canChooseDirection: boolean;
  deleteExtraConfirmed: boolean;
  taskId: string | null;
  taskStatus: TaskStatus | null;
  /** `cancel` was accepted by Globus; the task poll will report FAILED. */
  cancelRequested: boolean;
  /** The last Globus error; in `browse` a non-recoverable listing error shown inline. */
  error: GlobusErrorBody | null;
  /** The step that failed last, run again after a recovery or on `retry`. */
  retryTarget: RetryTarget | null;
  /** Error kinds already recovered for `retryTarget` since the user's last action (the bound). */
  recoveredKinds: GlobusErrorKind[];
}

export interface LoadCollectionInput {
  id: string;
}

export interface SubmitTransferInput {
  request: TransferRequest;
}

export interface CancelTaskInput {
  taskId: string;
}

export type WizardEvent =
  /** The auth actor reached `loggedIn` (the plugin forwards it). */
  | { type: 'auth.loggedIn' }
  | { type: 'direction.set'; direction: Direction }
  /** A search result, recent collection or bookmark (which also gives a `path`). */
  | { type: 'collection.select'; id: string; path?: string }
  | { type: 'path.change'; path: string }
  /** The checked entries of the current folder; `dirs[i]` tells whether `names[i]` is a folder. */
  | { type: 'selection.change'; names: string[]; dirs: boolean[] }
  /** The react-query listing failed; any rejection value (normalised with `toGlobusError`). */
  | { type: 'listing.failed'; error: unknown }
  | { type: 'options.change'; patch: Partial<TransferOptions> }
  | { type: 'deleteExtra.confirm' }
  | { type: 'next' }
  | { type: 'back' }
  | { type: 'submit' }
  /** The react-query task poll saw this status. */
  | { type: 'task.updated'; status: TaskStatus }
  | { type: 'cancel' }
  | { type: 'retry' }
  | { type: 'close' }
  /** Forwarded to the `recovery` child while `recovering`. */
  | { type: 'recovery.start' }
  | { type: 'recovery.done' }
  | { type: 'recovery.cancel' }
  | { type: 'code.submit'; code: string };

/** Told to the plugin (`actor.on(type, …)`): it owns the auth actor, the cache and notifications. */
export type WizardEmitted =
  | { type: 'session.expired' }
  | { type: 'recovery.resolved'; kind: GlobusErrorKind }
  | { type: 'task.submitted'; taskId: string }
  | { type: 'task.finished'; taskId: string; status: 'SUCCEEDED' | 'FAILED' };

const DEFAULT_PATH = '/~/';

function checkInput(input: WizardInput | undefined): WizardInput {
  if (!input || !Array.isArray(input.jupyterPaths) || input.jupyterPaths.length === 0) {
    throw new Error('transferWizardMachine input: jupyterPaths must list at least one path');
  }
  if (!Array.isArray(input.jupyterDirs) || input.jupyterDirs.length !== input.jupyterPaths.length) {
    throw new Error(
      `transferWizardMachine input: jupyterDirs must have one entry per jupyterPaths entry ` +
        `(got ${input.jupyterPaths.length} paths and ${input.jupyterDirs?.length ?? 0} flags)`
    );
  }
  if (
    !input.defaults ||
    typeof input.defaults.verifyChecksum !== 'boolean' ||
    typeof input.defaults.syncLevel !== 'string'
  ) {
    throw new Error(
      'transferWizardMachine input: defaults must give syncLevel and verifyChecksum (from the settings)'
    );
  }
  if (typeof input.loginUrl !== 'string' || input.loginUrl === '') {
    throw new Error('transferWizardMachine input: loginUrl must be the shim /login URL');
  }
  return input;
}

/**
 * GCSv4 endpoints must be activated before use; the original checked
 * `activated` on endpoint_detail and autoactivated (globus-api.md §2.3).
 */
function activationError(collection: EndpointDocument): GlobusErrorBody {
  return {
    kind: 'activation_required',
    error: 'ClientError.ActivationRequired',
    details: '',
    login_required: false,
    requires_user_intervention: true,
    login_url: globusWebAppLink(collection.id),
    collection_id: collection.id
  };
}

function needsActivation(collection: EndpointDocument): boolean {
  return collection.entity_type.startsWith('GCSv4') && !collection.activated;
}

const isTerminal = (status: TaskStatus): status is 'SUCCEEDED' | 'FAILED' =>
  status === 'SUCCEEDED' || status === 'FAILED';

const wizardSetup = setup({
  types: {} as {
    input: WizardInput;
    context: WizardContext;
    events: WizardEvent;
    emitted: WizardEmitted;
  },
  actors: {
    loadCollection: notProvided<EndpointDocument, LoadCollectionInput>('loadCollection'),
    submitTransfer: notProvided<TransferSubmitResponse, SubmitTransferInput>('submitTransfer'),
    cancelTask: notProvided<TaskCancelResponse, CancelTaskInput>('cancelTask'),
    recovery: recoveryMachine
  },
  guards: {
    isUnconfigured: ({ context }) => !context.localCollectionId,
    isLoggedIn: ({ context }) => context.isLoggedIn,
    canChooseDirection: ({ context }) => context.canChooseDirection,
    needsActivation: (_, collection: EndpointDocument) => needsActivation(collection),
    /** The bound: this kind was already recovered for this step since the user's last action. */
    isRecoveryExhausted: ({ context }) =>
      context.error !== null && context.recoveredKinds.includes(context.error.kind),
    isRecoverable: (_, error: GlobusErrorBody) => isRecoverableKind(error.kind),
    isErrorRecoverable: ({ context }) =>
      context.error !== null && isRecoverableKind(context.error.kind),
    isDestinationReady: ({ context }) => destinationProblems(context).length === 0,
    isDeleteExtraSettled: ({ context }) =>
      !context.options.delete_destination_extra || context.deleteExtraConfirmed,
    isTransferReady: ({ context }) => transferProblems(context).length === 0,
    isFinished: (_, status: TaskStatus) => isTerminal(status),
    isOutcome: (_, params: { output: RecoveryOutput; outcome: RecoveryOutput['outcome'] }) =>
      params.output.outcome === params.outcome,
    isRetryTarget: ({ context }, target: RetryTarget) => context.retryTarget === target,
    isBeforeCollection: ({ context }) =>
      context.retryTarget === 'checkingCollection' || context.retryTarget === 'browse',
    hasSucceeded: ({ context }) => context.taskStatus === 'SUCCEEDED',
    isCancelPending: ({ context }) => context.cancelRequested
  },
  actions: {
    setDirection: assign((_, direction: Direction) => ({
      direction,
      selectedNames: [],
      selectedDirs: [],
      deleteExtraConfirmed: false
    })),
    selectCollection: assign((_, params: { id: string; path: string | undefined }) => ({
      collectionId: params.id,
      // '' until the collection's default directory is known (applyCollection).
      path: params.path ?? '',
      selectedNames: [],
      selectedDirs: [],
      error: null
    })),
    applyCollection: assign(({ context }, collection: EndpointDocument) => ({
      // A bookmark's path wins; otherwise the collection's default directory.
      path: context.path || collection.default_directory || DEFAULT_PATH,
      encryptionForced: collection.force_encryption,
      // Forced encryption is switched on; leaving such a collection for one
      // that does not force it gives the user's default (off) back.
      options: collection.force_encryption
        ? { ...context.options, encrypt_data: true }
        : context.encryptionForced
          ? { ...context.options, encrypt_data: false }
          : context.options
    })),
    changePath: assign((_, path: string) => ({
      path,
      selectedNames: [],
      selectedDirs: [],
      error: null
    })),
    changeSelection: assign((_, params: { names: string[]; dirs: boolean[] }) => ({
      selectedNames: params.names,
      selectedDirs: params.names.map((_name, index) => params.dirs[index] === true)
    })),
    changeOptions: assign(({ context }, patch: Partial<TransferOptions>) => {
      const options = { ...context.options, ...patch };
      if (context.encryptionForced) {
        options.encrypt_data = true;
      }
      // Turning "delete extra files" on (again) needs a fresh confirmation.
      const deleteExtraConfirmed =
        patch.delete_destination_extra === true ? false : context.deleteExtraConfirmed;
      return { options, deleteExtraConfirmed };
    }),
    confirmDeleteExtra: assign({ deleteExtraConfirmed: true }),
    recordFailure: assign(
      ({ context }, failure: { step: RetryTarget; error: GlobusErrorBody }) => ({
        error: failure.error,
        retryTarget: failure.step,
        recoveredKinds: context.retryTarget === failure.step ? context.recoveredKinds : []
      })
    ),
    startRecovery: assign(({ context }) => ({
      recoveredKinds:
        context.error && !context.recoveredKinds.includes(context.error.kind)
          ? [...context.recoveredKinds, context.error.kind]
          : context.recoveredKinds
    })),
    /** A user action (or a success) resets the bound: only automatic retries are limited. */
    forgetRecoveries: assign({ recoveredKinds: [] as GlobusErrorKind[] }),
    clearError: assign({ error: null }),
    showError: assign((_, error: GlobusErrorBody) => ({ error })),
    announceExpiredSession: enqueueActions(({ context, enqueue }) => {
      if (context.error?.kind === 'login_required') {
        enqueue.emit({ type: 'session.expired' });
      }
    }),
    announceRecovery: emit(({ context }) => ({
      type: 'recovery.resolved' as const,
      kind: context.error?.kind ?? 'globus_error'
    })),
    acceptSubmission: assign((_, response: TransferSubmitResponse) => ({
      taskId: response.task_id,
      taskStatus: 'ACTIVE' as TaskStatus,
      error: null,
      recoveredKinds: [] as GlobusErrorKind[]
    })),
    announceSubmission: emit(({ context }) => ({
      type: 'task.submitted' as const,
      taskId: context.taskId ?? ''
    })),
    setTaskStatus: assign((_, status: TaskStatus) => ({ taskStatus: status })),
    announceFinish: emit(({ context }, status: 'SUCCEEDED' | 'FAILED') => ({
      type: 'task.finished' as const,
      taskId: context.taskId ?? '',
      status
    })),
    markCancelRequested: assign({ cancelRequested: true }),
    markLoggedIn: assign({ isLoggedIn: true })
  }
});

/** The UI's task poll, heard while tracking and while a cancel is on its way. */
const followTask = wizardSetup.createStateConfig({
  on: {
    'task.updated': [
      {
        guard: { type: 'isFinished', params: ({ event }) => event.status },
        target: '#transferWizard.finishing',
        actions: { type: 'setTaskStatus', params: ({ event }) => event.status }
      },
      { actions: { type: 'setTaskStatus', params: ({ event }) => event.status } }
    ]
  }
}).on;

export const transferWizardMachine = wizardSetup.createMachine({
  id: 'transferWizard',
  context: ({ input }) => {
    const checked = checkInput(input);
    const single = checked.jupyterPaths.length === 1 && checked.jupyterDirs[0] === true;
    return {
      jupyterPaths: [...checked.jupyterPaths],
      jupyterDirs: [...checked.jupyterDirs],
      localCollectionId: checked.localCollectionId,
      isLoggedIn: checked.isLoggedIn === true,
      collectionBasePath: checked.collectionBasePath ?? '/',
      loginUrl: checked.loginUrl,
      isManualCopyCodeRequired: checked.isManualCopyCodeRequired ?? false,
      direction: 'toCollection',
      canChooseDirection: single,
      collectionId: null,
      path: DEFAULT_PATH,
      selectedNames: [],
      selectedDirs: [],
      options: initialOptions(checked.defaults),
      encryptionForced: false,
      deleteExtraConfirmed: false,
      taskId: null,
      taskStatus: null,
      cancelRequested: false,
      error: null,
      retryTarget: null,
      recoveredKinds: []
    };
  },
  initial: 'signIn',
  on: {
    close: '.closed'
  },
  states: {
    signIn: {
      always: [
        { guard: 'isUnconfigured', target: 'unconfigured' },
        { guard: 'isLoggedIn', target: 'chooseCollection' }
      ],
      on: { 'auth.loggedIn': { target: 'chooseCollection', actions: 'markLoggedIn' } }
    },
    /** No local collection (no GLOBUS_COLLECTION_ID and no Globus Connect Personal): nothing to transfer from. */
    unconfigured: {},
    chooseCollection: {
      on: {
        'direction.set': {
          guard: 'canChooseDirection',
          actions: { type: 'setDirection', params: ({ event }) => event.direction }
        },
        'collection.select': {
          target: 'checkingCollection',
          actions: [
            {
              type: 'selectCollection',
              params: ({ event }) => ({ id: event.id, path: event.path })
            },
            'forgetRecoveries'
          ]
        }
      }
    },
    checkingCollection: {
      invoke: {
        id: 'loadCollection',
        src: 'loadCollection',
        input: ({ context }) => ({ id: context.collectionId ?? '' }),
        onDone: [
          {
            guard: { type: 'needsActivation', params: ({ event }) => event.output },
            target: 'failing',
            actions: {
              type: 'recordFailure',
              params: ({ event }) => ({
                step: 'checkingCollection' as const,
                error: activationError(event.output)
              })
            }
          },
          {
            target: 'browse',
            actions: [
              { type: 'applyCollection', params: ({ event }) => event.output },
              'forgetRecoveries',
              'clearError'
            ]
          }
        ],
        onError: {
          target: 'failing',
          actions: {
            type: 'recordFailure',
            params: ({ event }) => ({
              step: 'checkingCollection' as const,
              error: toGlobusError(event.error)
            })
          }
        }
      },
      on: { back: 'chooseCollection' }
    },
    browse: {
      on: {
        'direction.set': {
          guard: 'canChooseDirection',
          actions: { type: 'setDirection', params: ({ event }) => event.direction }
        },
        'path.change': {
          actions: [{ type: 'changePath', params: ({ event }) => event.path }, 'forgetRecoveries']
        },
        'selection.change': {
          actions: {
            type: 'changeSelection',
            params: ({ event }) => ({ names: event.names, dirs: event.dirs })
          }
        },
        'listing.failed': [
          {
            guard: {
              type: 'isRecoverable',
              params: ({ event }) => toGlobusError(event.error)
            },
            target: 'failing',
            actions: {
              type: 'recordFailure',
              params: ({ event }) => ({
                step: 'browse' as const,
                error: toGlobusError(event.error)
              })
            }
          },
          {
            // Not found, permission denied…: shown in the listing; the user navigates away.
            actions: { type: 'showError', params: ({ event }) => toGlobusError(event.error) }
          }
        ],
        back: { target: 'chooseCollection', actions: ['forgetRecoveries', 'clearError'] },
        next: {
          guard: 'isDestinationReady',
          target: 'options',
          actions: ['forgetRecoveries', 'clearError']
        }
      }
    },
    options: {
      on: {
        'options.change': {
          actions: { type: 'changeOptions', params: ({ event }) => event.patch }
        },
        'deleteExtra.confirm': { actions: 'confirmDeleteExtra' },
        back: 'browse',
        next: { guard: 'isDeleteExtraSettled', target: 'review' }
      }
    },
    review: {
      on: {
        submit: { guard: 'isTransferReady', target: 'submitting', actions: 'forgetRecoveries' },
        back: 'options'
      }
    },
    submitting: {
      invoke: {
        id: 'submitTransfer',
        src: 'submitTransfer',
        input: ({ context }) => ({ request: buildTransferRequest(context) }),
        onDone: {
          target: 'tracking',
          actions: [
            { type: 'acceptSubmission', params: ({ event }) => event.output },
            'announceSubmission'
          ]
        },
        onError: {
          target: 'failing',
          actions: {
            type: 'recordFailure',
            params: ({ event }) => ({
              step: 'submitting' as const,
              error: toGlobusError(event.error)
            })
          }
        }
      }
    },
    /** Decides, once an error is recorded, between a recovery and the error screen. */
    failing: {
      entry: 'announceExpiredSession',
      always: [
        { guard: 'isRecoveryExhausted', target: 'error' },
        { guard: 'isErrorRecoverable', target: 'recovering', actions: 'startRecovery' },
        { target: 'error' }
      ]
    },
    recovering: {
      invoke: {
        id: 'recovery',
        src: 'recovery',
        input: ({ context }) => ({
          error: context.error ?? toGlobusError('recovering without an error'),
          loginUrl: context.loginUrl,
          isManualCopyCodeRequired: context.isManualCopyCodeRequired
        }),
        onDone: [
          {
            guard: {
              type: 'isOutcome',
              params: ({ event }) => ({ output: event.output, outcome: 'resolved' as const })
            },
            target: 'retrying',
            actions: 'announceRecovery'
          },
          {
            guard: {
              type: 'isOutcome',
              params: ({ event }) => ({ output: event.output, outcome: 'cancelled' as const })
            },
            target: 'stepBack'
          },
          { target: 'error' }
        ],
        onError: {
          target: 'error',
          actions: { type: 'showError', params: ({ event }) => toGlobusError(event.error) }
        }
      },
      on: {
        'recovery.start': { actions: forwardTo('recovery') },
        'recovery.done': { actions: forwardTo('recovery') },
        'recovery.cancel': { actions: forwardTo('recovery') },
        'code.submit': { actions: forwardTo('recovery') }
      }
    },
    /** Re-enters the step that failed, keeping the bound. */
    retrying: {
      always: [
        {
          guard: { type: 'isRetryTarget', params: 'checkingCollection' },
          target: 'checkingCollection',
          actions: 'clearError'
        },
        {
          guard: { type: 'isRetryTarget', params: 'browse' },
          target: 'browse',
          actions: 'clearError'
        },
        {
          guard: { type: 'isRetryTarget', params: 'submitting' },
          target: 'submitting',
          actions: 'clearError'
        }
      ]
    },
    /** The step before the one that failed (a cancelled recovery, or `back` from the error screen). */
    stepBack: {
      always: [
        {
          guard: 'isBeforeCollection',
          target: 'chooseCollection',
          actions: ['clearError', 'forgetRecoveries']
        },
        { target: 'review', actions: ['clearError', 'forgetRecoveries'] }
      ]
    },
    error: {
      on: {
        retry: { target: 'retrying', actions: 'forgetRecoveries' },
        back: 'stepBack'
      }
    },
    tracking: {
      on: {
        ...followTask,
        cancel: { guard: not('isCancelPending'), target: 'cancelling' }
      }
    },
    cancelling: {
      invoke: {
        id: 'cancelTask',
        src: 'cancelTask',
        input: ({ context }) => ({ taskId: context.taskId ?? '' }),
        onDone: { target: 'tracking', actions: 'markCancelRequested' },
        // The task runs on; the error is shown next to its progress.
        onError: {
          target: 'tracking',
          actions: { type: 'showError', params: ({ event }) => toGlobusError(event.error) }
        }
      },
      on: followTask
    },
    finishing: {
      always: [
        {
          guard: 'hasSucceeded',
          target: 'succeeded',
          actions: { type: 'announceFinish', params: 'SUCCEEDED' }
        },
        { target: 'failed', actions: { type: 'announceFinish', params: 'FAILED' } }
      ]
    },
    succeeded: { type: 'final' },
    failed: { type: 'final' },
    closed: { type: 'final' }
  }
});
