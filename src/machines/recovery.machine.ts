/**
 * Resolves ONE Globus error that the user can fix, then stops with an outcome.
 * The wizard invokes it as a child (id `recovery`) and retries the step that
 * failed when the outcome is `resolved`.
 *
 * What each kind needs comes from the original's error handlers
 * (globus-api.md §2.14): consent and High Assurance errors need a new login
 * whose URL the shim already built (`login_url`, with the extra scopes or
 * session parameters of the GARE, §2.13); GCSv4 activation, S3 credentials
 * and other GridFTP problems need the user to act in the Globus web app
 * (`login_url` is then the web-app link).
 */
import { assign, setup } from 'xstate';
import type {
  ActivationResultResponse,
  GlobusErrorBody,
  ManualCallbackResponse
} from '../api/types';
import type { LoginPopupInput } from './auth.machine';
import { copyCodeGuards, type ExchangeCodeInput, exchangingCode } from './copy-code';
import { type LoginFailure, toLoginFailure } from './errors';
import { notProvided } from './not-provided';

export type RecoveryOutcome = 'resolved' | 'cancelled' | 'unrecoverable';

export interface RecoveryOutput {
  outcome: RecoveryOutcome;
}

export interface RecoveryInput {
  error: GlobusErrorBody;
  /** The plain shim /login URL, used when a login_required error carries no `login_url`. */
  loginUrl: string;
  /** JupyterHub: the login ends on Globus's copy-this-code page, not in a popup message. */
  isManualCopyCodeRequired: boolean;
}

export interface AutoactivateInput {
  collectionId: string;
}

export interface RecoveryContext {
  error: GlobusErrorBody;
  isManualCopyCodeRequired: boolean;
  /**
   * Where the user goes: the login URL for login kinds, the Globus web app for
   * guidance kinds. The UI renders it as the link or opens it in the popup.
   */
  link: string;
  /** Why the last login attempt failed (popup blocked/closed, code rejected). */
  failure: LoginFailure | null;
  outcome: RecoveryOutcome | null;
}

export type RecoveryEvent =
  /** Explain screens: "Log in again" (send it from the click: it opens the popup). */
  | { type: 'recovery.start' }
  /** Guidance screens: "I have done it, try again". */
  | { type: 'recovery.done' }
  | { type: 'recovery.cancel' }
  /** Copy-code flow (JupyterHub): the pasted authorization code. */
  | { type: 'code.submit'; code: string };

/** The web app page of a collection, where activation and credentials are set up (globus-api.md §2.14). */
export function globusWebAppLink(collectionId: string | undefined): string {
  return collectionId
    ? `https://app.globus.org/file-manager?origin_id=${encodeURIComponent(collectionId)}`
    : 'https://app.globus.org/file-manager';
}

const LOGIN_KINDS: ReadonlySet<string> = new Set([
  'login_required',
  'consent_required',
  'session_required'
]);

function linkFor(input: RecoveryInput): string {
  if (input.error.login_url) {
    return input.error.login_url;
  }
  return LOGIN_KINDS.has(input.error.kind)
    ? input.loginUrl
    : globusWebAppLink(input.error.collection_id);
}

/** globus-api.md §2.3: `AlreadyActivated` and `AutoActivated.*` mean usable now. */
export function isActivated(result: ActivationResultResponse): boolean {
  return result.code === 'AlreadyActivated' || result.code.startsWith('AutoActivated');
}

export const recoveryMachine = setup({
  types: {} as {
    input: RecoveryInput;
    context: RecoveryContext;
    events: RecoveryEvent;
    output: RecoveryOutput;
  },
  actors: {
    loginPopup: notProvided<void, LoginPopupInput>('loginPopup'),
    exchangeCode: notProvided<ManualCallbackResponse, ExchangeCodeInput>('exchangeCode'),
    autoactivate: notProvided<ActivationResultResponse, AutoactivateInput>('autoactivate')
  },
  guards: {
    isKind: ({ context }, kind: GlobusErrorBody['kind']) => context.error.kind === kind,
    canAutoactivate: ({ context }) => Boolean(context.error.collection_id),
    isCopyCodeRequired: ({ context }) => context.isManualCopyCodeRequired,
    ...copyCodeGuards,
    wasActivated: (_, result: ActivationResultResponse) => isActivated(result)
  },
  actions: {
    clearFailure: assign({ failure: null }),
    recordFailure: assign((_, failure: LoginFailure) => ({ failure })),
    setOutcome: assign((_, outcome: RecoveryOutcome) => ({ outcome }))
  }
}).createMachine({
  id: 'globusRecovery',
  context: ({ input }) => {
    if (!input?.error || typeof input.error.kind !== 'string') {
      throw new Error('recoveryMachine input: error must be a GlobusErrorBody with a kind');
    }
    return {
      error: input.error,
      isManualCopyCodeRequired: input.isManualCopyCodeRequired,
      link: linkFor(input),
      failure: null,
      outcome: null
    };
  },
  output: ({ context }) => ({ outcome: context.outcome ?? 'unrecoverable' }),
  initial: 'routing',
  on: {
    'recovery.cancel': '.cancelled'
  },
  states: {
    routing: {
      always: [
        { guard: { type: 'isKind', params: 'consent_required' }, target: 'explainConsent' },
        { guard: { type: 'isKind', params: 'session_required' }, target: 'explainSession' },
        { guard: { type: 'isKind', params: 'login_required' }, target: 'explainLogin' },
        {
          guard: { type: 'isKind', params: 'activation_required' },
          target: 'activating'
        },
        {
          guard: { type: 'isKind', params: 'credentials_required' },
          target: 'credentialsGuidance'
        },
        {
          guard: { type: 'isKind', params: 'user_intervention' },
          target: 'interventionGuidance'
        },
        { target: 'unrecoverable' }
      ]
    },
    // Login kinds wait for a click: popups opened without a user gesture are
    // blocked, so even login_required explains first.
    explainConsent: { on: { 'recovery.start': '#globusRecovery.login' } },
    explainSession: { on: { 'recovery.start': '#globusRecovery.login' } },
    explainLogin: { on: { 'recovery.start': '#globusRecovery.login' } },
    login: {
      always: [
        { guard: 'isCopyCodeRequired', target: 'awaitingCode', actions: 'clearFailure' },
        { target: 'reauthenticating', actions: 'clearFailure' }
      ]
    },
    reauthenticating: {
      invoke: {
        id: 'loginPopup',
        src: 'loginPopup',
        input: ({ context }) => ({ url: context.link }),
        onDone: 'resolved',
        onError: {
          target: 'loginFailed',
          actions: { type: 'recordFailure', params: ({ event }) => toLoginFailure(event.error) }
        }
      }
    },
    // One failed round-trip shows the error; another try needs another click.
    loginFailed: { on: { 'recovery.start': 'login' } },
    awaitingCode: {
      on: { 'code.submit': { guard: 'hasCode', target: 'exchanging', actions: 'clearFailure' } }
    },
    exchanging: exchangingCode({ accepted: 'resolved', rejected: 'awaitingCode' }),
    activating: {
      // GCSv4 endpoints can often be activated without the user, as the
      // original did with `endpoint_autoactivate` (globus-api.md §2.3); only
      // when that fails does the user go to the web app.
      always: [
        { guard: 'canAutoactivate', target: 'autoactivating' },
        { target: 'activationGuidance' }
      ]
    },
    autoactivating: {
      invoke: {
        id: 'autoactivate',
        src: 'autoactivate',
        input: ({ context }) => ({ collectionId: context.error.collection_id ?? '' }),
        onDone: [
          {
            guard: { type: 'wasActivated', params: ({ event }) => event.output },
            target: 'resolved'
          },
          { target: 'activationGuidance' }
        ],
        onError: 'activationGuidance'
      }
    },
    activationGuidance: { on: { 'recovery.done': 'resolved' } },
    credentialsGuidance: { on: { 'recovery.done': 'resolved' } },
    interventionGuidance: { on: { 'recovery.done': 'resolved' } },
    resolved: { type: 'final', entry: { type: 'setOutcome', params: 'resolved' } },
    cancelled: { type: 'final', entry: { type: 'setOutcome', params: 'cancelled' } },
    unrecoverable: { type: 'final', entry: { type: 'setOutcome', params: 'unrecoverable' } }
  }
});
