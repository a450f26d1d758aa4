/**
 * The Globus login of one JupyterLab session: the side panel and the wizard's
 * sign-in step read it; the plugin creates ONE actor of it.
 *
 * The tokens never reach the browser: the shim holds them. This chart only
 * tracks whether the shim has them (`GET /config` `is_logged_in`) and drives
 * the two ways to get them: a popup to the shim's /login that posts
 * `{type:'globus-jupyterlab:login'}` back when done, or, on JupyterHub
 * (`is_manual_copy_code_required`), Globus's "copy this code" page and a form
 * to paste the code into (globus-api.md §1.3).
 */
import { assign, setup } from 'xstate';
import type { ManualCallbackResponse } from '../api/types';
import { copyCodeGuards, type ExchangeCodeInput, exchangingCode } from './copy-code';
import { type LoginFailure, toLoginFailure } from './errors';
import { notProvided } from './not-provided';

export type { ExchangeCodeInput } from './copy-code';

/** What `loadSession` resolves with: the two `/config` flags this chart needs. */
export interface SessionInfo {
  isLoggedIn: boolean;
  isManualCopyCodeRequired: boolean;
}

export interface LoginPopupInput {
  /** The shim's /login URL, possibly with extra scopes or session parameters (globus-api.md §2.14). */
  url: string;
}

export interface AuthInput {
  /** `{base_url}globus-jupyterlab/login`, built by the UI from ServerConnection settings. */
  loginUrl: string;
}

export interface AuthContext {
  loginUrl: string;
  isManualCopyCodeRequired: boolean;
  /** Why the last attempt failed; cleared when a new one starts. */
  error: LoginFailure | null;
}

export type AuthEvent =
  | { type: 'login' }
  | { type: 'login.cancel' }
  | { type: 'code.submit'; code: string }
  | { type: 'logout' }
  /** Any shim call answered `login_required`: the tokens are gone or revoked. */
  | { type: 'session.expired' }
  /** Re-read `/config` (e.g. after a wizard's recovery logged in again). */
  | { type: 'session.refresh' }
  | { type: 'retry' };

export const authMachine = setup({
  types: {} as {
    input: AuthInput;
    context: AuthContext;
    events: AuthEvent;
  },
  actors: {
    loadSession: notProvided<SessionInfo>('loadSession'),
    loginPopup: notProvided<void, LoginPopupInput>('loginPopup'),
    exchangeCode: notProvided<ManualCallbackResponse, ExchangeCodeInput>('exchangeCode'),
    logout: notProvided<unknown>('logout')
  },
  guards: {
    isLoggedIn: (_, session: SessionInfo) => session.isLoggedIn,
    isCopyCodeRequired: ({ context }) => context.isManualCopyCodeRequired,
    ...copyCodeGuards
  },
  actions: {
    rememberSession: assign((_, session: SessionInfo) => ({
      isManualCopyCodeRequired: session.isManualCopyCodeRequired
    })),
    clearError: assign({ error: null }),
    recordFailure: assign((_, failure: LoginFailure) => ({ error: failure }))
  }
}).createMachine({
  id: 'globusAuth',
  context: ({ input }) => {
    if (typeof input?.loginUrl !== 'string' || input.loginUrl === '') {
      throw new Error('authMachine input: loginUrl must be the shim /login URL (got none)');
    }
    return { loginUrl: input.loginUrl, isManualCopyCodeRequired: false, error: null };
  },
  initial: 'checking',
  states: {
    checking: {
      // A fresh look at the session: an old failure would describe a past attempt.
      entry: 'clearError',
      invoke: {
        id: 'loadSession',
        src: 'loadSession',
        onDone: [
          {
            guard: { type: 'isLoggedIn', params: ({ event }) => event.output },
            target: 'loggedIn',
            actions: { type: 'rememberSession', params: ({ event }) => event.output }
          },
          {
            target: 'loggedOut',
            actions: { type: 'rememberSession', params: ({ event }) => event.output }
          }
        ],
        onError: {
          target: 'failed',
          actions: { type: 'recordFailure', params: ({ event }) => toLoginFailure(event.error) }
        }
      }
    },
    loggedOut: {
      on: {
        // Send `login` from the click handler: the popup opens synchronously
        // inside `send`, which browsers only allow during a user gesture.
        login: [
          { guard: 'isCopyCodeRequired', target: 'awaitingCode', actions: 'clearError' },
          { target: 'popup', actions: 'clearError' }
        ],
        'session.refresh': 'checking'
      }
    },
    popup: {
      invoke: {
        id: 'loginPopup',
        src: 'loginPopup',
        input: ({ context }) => ({ url: context.loginUrl }),
        onDone: 'verifying',
        onError: {
          target: 'loggedOut',
          actions: { type: 'recordFailure', params: ({ event }) => toLoginFailure(event.error) }
        }
      },
      on: { 'login.cancel': { target: 'loggedOut', actions: 'clearError' } }
    },
    verifying: {
      // The popup's message only says the redirect happened; `/config` says
      // whether the shim really stored tokens.
      invoke: {
        id: 'loadSession',
        src: 'loadSession',
        onDone: [
          {
            guard: { type: 'isLoggedIn', params: ({ event }) => event.output },
            target: 'loggedIn',
            actions: { type: 'rememberSession', params: ({ event }) => event.output }
          },
          {
            target: 'loggedOut',
            actions: {
              type: 'recordFailure',
              params: { code: 'not_logged_in', message: '' }
            }
          }
        ],
        onError: {
          target: 'failed',
          actions: { type: 'recordFailure', params: ({ event }) => toLoginFailure(event.error) }
        }
      }
    },
    awaitingCode: {
      on: {
        'code.submit': { guard: 'hasCode', target: 'exchanging', actions: 'clearError' },
        'login.cancel': { target: 'loggedOut', actions: 'clearError' }
      }
    },
    exchanging: exchangingCode({ accepted: 'loggedIn', rejected: 'awaitingCode' }),
    loggedIn: {
      entry: 'clearError',
      on: {
        logout: 'loggingOut',
        'session.expired': {
          target: 'loggedOut',
          actions: {
            type: 'recordFailure',
            params: { code: 'session_expired', message: '' }
          }
        },
        'session.refresh': 'checking'
      }
    },
    loggingOut: {
      invoke: {
        id: 'logout',
        src: 'logout',
        onDone: 'loggedOut',
        onError: {
          target: 'failed',
          actions: { type: 'recordFailure', params: ({ event }) => toLoginFailure(event.error) }
        }
      }
    },
    failed: {
      on: { retry: 'checking' }
    }
  }
});
