import type { GlobusErrorBody, GlobusErrorKind } from '../api/types';

/** The kinds a new login, an activation or a web-app visit can fix (globus-api.md §2.14). */
const RECOVERABLE: ReadonlySet<GlobusErrorKind> = new Set<GlobusErrorKind>([
  'login_required',
  'consent_required',
  'session_required',
  'activation_required',
  'credentials_required',
  'user_intervention'
]);

/** Every kind: `globus_error` is the one no recovery can fix. */
const KINDS: ReadonlySet<string> = new Set<GlobusErrorKind>([...RECOVERABLE, 'globus_error']);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** True for the shim's error body (src/api/types.ts `GlobusErrorBody`). */
export function isGlobusErrorBody(value: unknown): value is GlobusErrorBody {
  return (
    isRecord(value) &&
    typeof value.kind === 'string' &&
    KINDS.has(value.kind) &&
    typeof value.error === 'string'
  );
}

export function isRecoverableKind(kind: GlobusErrorKind): boolean {
  return RECOVERABLE.has(kind);
}

function unexpected(code: string, details: string): GlobusErrorBody {
  return {
    kind: 'globus_error',
    error: code,
    details,
    login_required: false,
    requires_user_intervention: false
  };
}

/**
 * Whatever an injected actor rejected with, as the one error shape the
 * machines branch on. The UI's actors should reject with the shim's body;
 * an axios error carrying that body (`response.data`) is unwrapped here too,
 * so a forgotten unwrap still routes consent and login errors correctly.
 * The shim's 400/500 bodies (`{code, message}`) and plain Errors become
 * `globus_error`, which no recovery can fix.
 */
export function toGlobusError(reason: unknown): GlobusErrorBody {
  if (isGlobusErrorBody(reason)) {
    return reason;
  }
  if (isRecord(reason) && isRecord(reason.response)) {
    const data = reason.response.data;
    if (isGlobusErrorBody(data)) {
      return data;
    }
    if (isRecord(data) && typeof data.code === 'string' && typeof data.message === 'string') {
      return unexpected(data.code, data.message);
    }
  }
  if (isRecord(reason) && typeof reason.code === 'string' && typeof reason.message === 'string') {
    return unexpected(reason.code, reason.message);
  }
  if (reason instanceof Error) {
    return unexpected('UnexpectedError', reason.message);
  }
  return unexpected('UnexpectedError', String(reason));
}

const LOGIN_FAILURE_CODES = [
  'popup_blocked',
  'popup_closed',
  'login_error',
  'code_rejected',
  'not_logged_in',
  'session_expired',
  'unexpected'
] as const;

/** A failure of the login flow itself (popup blocked or closed, code rejected), for the UI to word. */
export interface LoginFailure {
  /**
   * - `popup_blocked`: the browser refused `window.open` (send `login` from a click).
   * - `popup_closed`: the user closed the popup before the login finished.
   * - `login_error`: Globus or the shim reported a failed login.
   * - `code_rejected`: the pasted authorization code was refused.
   * - `not_logged_in`: the popup finished but the shim still has no tokens.
   * - `session_expired`: a call was answered login_required.
   * - `unexpected`: anything else (network, shim down); see `message`.
   */
  code: (typeof LOGIN_FAILURE_CODES)[number];
  /** Untranslated detail (Globus's or the browser's words), shown under the translated headline. */
  message: string;
}

function isLoginFailureCode(value: unknown): value is LoginFailure['code'] {
  return (LOGIN_FAILURE_CODES as readonly unknown[]).includes(value);
}

/**
 * The UI's `loginPopup` rejects with a `LoginFailure` (or any Error, which
 * becomes `unexpected`).
 */
export function toLoginFailure(reason: unknown): LoginFailure {
  if (isRecord(reason) && isLoginFailureCode(reason.code) && typeof reason.message === 'string') {
    return { code: reason.code, message: reason.message };
  }
  if (isRecord(reason) && typeof reason.message === 'string') {
    return { code: 'unexpected', message: reason.message };
  }
  return { code: 'unexpected', message: String(reason) };
}
