/**
 * Every failed shim call becomes one `ShimError`, whose `failure` is a
 * discriminated union the UI and the machines branch on:
 * - `globus`: the shim's `GlobusErrorBody` (branch further on `body.kind`),
 * - `invalidInput`: 400 `{code: 'InvalidInput'}` naming the bad field,
 * - `network`: no answer at all (server down, proxy gone, offline),
 * - `cancelled`: the request was aborted (a stale search, a closed step),
 * - `unexpected`: anything else (500, a failing submission service, garbage).
 *
 * The shim's error bodies are described in ./types.ts and
 * ../shared/reference/globus-api.md §2.14 (the original's mapping).
 */
import type { TranslationBundle } from '@jupyterlab/translation';
import { isGlobusErrorBody as hasGlobusErrorKind, isRecoverableKind } from '../machines/errors';
import type { GlobusErrorBody, InvalidInputBody, UnexpectedErrorBody } from './types';

export type ShimFailure =
  | { type: 'globus'; status: number; body: GlobusErrorBody }
  | { type: 'invalidInput'; status: number; body: InvalidInputBody }
  | { type: 'network'; detail: string }
  | { type: 'cancelled' }
  | { type: 'unexpected'; status: number | null; code: string | null; detail: string };

/** The only error type the API layer throws. */
export class ShimError extends Error {
  readonly failure: ShimFailure;

  constructor(failure: ShimFailure) {
    super(developerMessage(failure));
    this.name = 'ShimError';
    this.failure = failure;
  }
}

/** The shape axios errors have; declared here so this module needs no axios import. */
interface IHttpErrorLike {
  code?: string;
  message?: string;
  response?: { status: number; data?: unknown };
}

/**
 * Turn whatever a request threw into a `ShimError`. Bodies are checked field by
 * field: a proxy error page or a truncated answer becomes `unexpected`, never a
 * half-typed Globus error.
 */
export function toShimError(error: unknown): ShimError {
  if (error instanceof ShimError) {
    return error;
  }
  const http = (typeof error === 'object' && error !== null ? error : {}) as IHttpErrorLike;
  if (http.code === 'ERR_CANCELED' || (error as { name?: string })?.name === 'AbortError') {
    return new ShimError({ type: 'cancelled' });
  }
  const response = http.response;
  if (!response) {
    return new ShimError({
      type: 'network',
      detail: http.message ?? String(error)
    });
  }
  const { status, data } = response;
  const body = parseBody(data);
  if (isGlobusErrorBody(body)) {
    return new ShimError({ type: 'globus', status, body });
  }
  if (isRecord(body) && body.code === 'InvalidInput' && typeof body.message === 'string') {
    return new ShimError({
      type: 'invalidInput',
      status,
      body: { code: 'InvalidInput', message: body.message }
    });
  }
  if (status === 401) {
    // The original answers `{"error": "The user is not logged in"}` with no
    // `kind` (globus-api.md §2.14); a 401 from the shim always means "log in".
    const details = isRecord(body) && typeof body.error === 'string' ? body.error : 'Not logged in';
    return new ShimError({
      type: 'globus',
      status,
      body: {
        kind: 'login_required',
        error: 'LoginRequired',
        details,
        login_required: true,
        requires_user_intervention: false
      }
    });
  }
  const unexpected = isRecord(body) ? (body as Partial<UnexpectedErrorBody>) : {};
  return new ShimError({
    type: 'unexpected',
    status,
    code: typeof unexpected.code === 'string' ? unexpected.code : null,
    detail:
      typeof unexpected.message === 'string'
        ? unexpected.message
        : typeof body === 'string' && body.length > 0
          ? body.slice(0, 500)
          : `HTTP ${status}`
  });
}

/** The Globus error body inside an error, if it is one. */
export function globusErrorBodyOf(error: unknown): GlobusErrorBody | null {
  if (error instanceof ShimError && error.failure.type === 'globus') {
    return error.failure.body;
  }
  return isGlobusErrorBody(error) ? error : null;
}

/**
 * True for errors a retry cannot fix: the user must log in, consent, activate
 * or add a credential first. react-query must not retry these; they go to the
 * statecharts (jupyter-ecosystem.md §5.4).
 */
export function isGlobusAuthError(error: unknown): boolean {
  const body = globusErrorBodyOf(error);
  return body !== null && isRecoverableKind(body.kind);
}

/** True when the request was aborted on purpose: nothing to show. */
export function isCancelled(error: unknown): boolean {
  return error instanceof ShimError && error.failure.type === 'cancelled';
}

/**
 * What the machines' `toGlobusError` understands: the shim's Globus body, or
 * `{code, message}` for failures that are not Globus's (network, bad input).
 */
export function toMachineError(
  error: unknown
): GlobusErrorBody | { code: string; message: string } {
  const body = globusErrorBodyOf(error);
  if (body) {
    return body;
  }
  const failure = error instanceof ShimError ? error.failure : null;
  if (failure?.type === 'network') {
    return { code: LocalErrorCodes.network, message: failure.detail };
  }
  if (failure?.type === 'invalidInput') {
    return { code: LocalErrorCodes.invalidInput, message: failure.body.message };
  }
  return {
    code: LocalErrorCodes.unexpected,
    message: error instanceof Error ? error.message : String(error)
  };
}

/** The codes `toMachineError` gives failures that are not Globus's. */
const LocalErrorCodes = {
  network: 'NetworkError',
  invalidInput: 'InvalidInput',
  unexpected: 'UnexpectedError'
} as const;

/**
 * The sentence for an error the machines hold: `toGlobusError` turned the
 * local failures of `toMachineError` into `globus_error` bodies whose `error`
 * is the local code; word those as `describeError` does.
 */
export function describeMachineError(body: GlobusErrorBody, trans: TranslationBundle): string {
  if (body.kind === 'globus_error') {
    switch (body.error) {
      case LocalErrorCodes.network:
        return noAnswer(body.details, trans);
      case LocalErrorCodes.invalidInput:
        return refused(body.details, trans);
      case LocalErrorCodes.unexpected:
        return trans.__('Unexpected error: %1', body.details);
    }
  }
  return describeGlobusError(body, trans);
}

function noAnswer(detail: string, trans: TranslationBundle): string {
  return trans.__(
    'The Globus service of this Jupyter server did not answer (%1). Check that the server is running.',
    detail
  );
}

function refused(detail: string, trans: TranslationBundle): string {
  return trans.__('The request was refused: %1', detail);
}

/** The sentence a user reads for an error, translated. */
export function describeError(error: unknown, trans: TranslationBundle): string {
  const failure = toShimError(error).failure;
  switch (failure.type) {
    case 'cancelled':
      return trans.__('The request was cancelled.');
    case 'network':
      return noAnswer(failure.detail, trans);
    case 'invalidInput':
      return refused(failure.body.message, trans);
    case 'unexpected':
      return trans.__(
        'Unexpected error (%1): %2',
        failure.code ?? failure.status ?? '?',
        failure.detail
      );
    case 'globus':
      return describeGlobusError(failure.body, trans);
  }
}

/** What each Globus error kind means to the user (globus-api.md §2.11–2.14). */
export function describeGlobusError(body: GlobusErrorBody, trans: TranslationBundle): string {
  switch (body.kind) {
    case 'login_required':
      return trans.__('You need to log in to Globus.');
    case 'consent_required':
      return trans.__(
        'This collection needs your consent before Globus may access its data on your behalf.'
      );
    case 'session_required':
      return trans.__(
        'This High Assurance collection requires a recent login with an allowed identity. %1',
        body.authorization_parameters?.session_message ?? ''
      );
    case 'activation_required':
      return trans.__(
        'This endpoint must be activated in the Globus web app before it can be used.'
      );
    case 'credentials_required':
      return trans.__(
        'This collection needs a credential (for example S3 keys) that you set up in the Globus web app.'
      );
    case 'user_intervention':
      return trans.__('Globus reported a problem you must fix in the web app: %1', body.details);
    case 'globus_error':
      return trans.__('Globus error %1: %2', body.error, body.details);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** axios leaves a body it could not parse as a string: try JSON once more. */
function parseBody(data: unknown): unknown {
  if (typeof data !== 'string') {
    return data;
  }
  try {
    return JSON.parse(data);
  } catch {
    return data;
  }
}

/**
 * The machines' check of the error kinds (one list, src/machines/errors.ts),
 * plus the `details` the UI shows: a body without them is not the shim's.
 */
function isGlobusErrorBody(value: unknown): value is GlobusErrorBody {
  return hasGlobusErrorKind(value) && typeof value.details === 'string';
}

function developerMessage(failure: ShimFailure): string {
  switch (failure.type) {
    case 'globus':
      return `Globus ${failure.body.kind} (${failure.body.error}): ${failure.body.details}`;
    case 'invalidInput':
      return `Invalid input: ${failure.body.message}`;
    case 'network':
      return `Network error: ${failure.detail}`;
    case 'cancelled':
      return 'Request cancelled';
    case 'unexpected':
      return `Unexpected error ${failure.status ?? ''} ${failure.code ?? ''}: ${failure.detail}`;
  }
}
