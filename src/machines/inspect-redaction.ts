/**
 * The XState inspector (`@statelyai/inspect`) posts every event and snapshot
 * to another window with target `*` (jupyter-ecosystem.md §5.5), so anything
 * that could authenticate someone must be gone before that.
 *
 * Secret: the authorization code a user pastes (`code.submit`, globus-api.md
 * §1.3), anything named like a token, secret, password, cookie or PKCE
 * verifier, `Bearer …` strings, and those values inside URL query strings.
 * Kept: Globus error codes (`code: 'ConsentRequired'`), ids and paths, which
 * are what one inspects for.
 */

export const REDACTED = '[redacted]';

const SECRET_KEY =
  /(^|_)(access_token|refresh_token|id_token|token|tokens|secret|client_secret|password|authorization|cookie|code_verifier)$/i;

/** Query parameters that carry a secret in a URL (OAuth2 redirects, PKCE). */
const SECRET_QUERY_PARAMS = [
  'code',
  'access_token',
  'refresh_token',
  'id_token',
  'token',
  'code_verifier',
  'client_secret',
  'state'
];

const SECRET_QUERY = new RegExp(`([?&#](?:${SECRET_QUERY_PARAMS.join('|')})=)[^&#\\s"']*`, 'gi');
const BEARER = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/g;

function redactString(value: string): string {
  return value.replace(SECRET_QUERY, `$1${REDACTED}`).replace(BEARER, `$1 ${REDACTED}`);
}

function isPlainObject(value: object): boolean {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * An object's `code` is secret when it is the pasted authorization code: in a
 * `code.submit` event, or the shim's echo of it next to `status_code`
 * (`ManualCallbackResponse`).
 */
function isSecretCode(owner: Record<string, unknown>): boolean {
  return owner.type === 'code.submit' || 'status_code' in owner;
}

function redact(value: unknown, seen: WeakMap<object, unknown>): unknown {
  if (typeof value === 'string') {
    return redactString(value);
  }
  if (typeof value !== 'object' || value === null) {
    return value;
  }
  if (seen.has(value)) {
    return seen.get(value);
  }
  if (Array.isArray(value)) {
    const copy: unknown[] = [];
    seen.set(value, copy);
    for (const item of value) {
      copy.push(redact(item, seen));
    }
    return copy;
  }
  if (!isPlainObject(value)) {
    // Actor refs, Errors, DOM nodes: the inspector serialises them itself;
    // only their plain data could hold secrets, and that is what we walk.
    return value;
  }
  const source = value as Record<string, unknown>;
  const copy: Record<string, unknown> = {};
  seen.set(value, copy);
  const secretCode = isSecretCode(source);
  for (const [key, item] of Object.entries(source)) {
    if (SECRET_KEY.test(key) || (key === 'code' && secretCode)) {
      copy[key] = item === undefined || item === null ? item : REDACTED;
    } else {
      copy[key] = redact(item, seen);
    }
  }
  return copy;
}

/**
 * A deep copy of `value` (an inspection event, an event, a snapshot) with the
 * secrets replaced by `[redacted]`. The input is never modified.
 */
export function redactForInspector<T>(value: T): T {
  return redact(value, new WeakMap()) as T;
}
