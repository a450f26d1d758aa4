/**
 * Who may call the shim, and from where.
 *
 * - TCP mode (`--port`): every request but the readiness probe must carry
 *   `Authorization: token <secret>`, else 403.
 * - Every non-GET request must prove it is not cross-site (jupyter-server-proxy skips
 *   Jupyter's XSRF check, jupyter-ecosystem.md §2.1): `X-XSRFToken` equal to the `_xsrf`
 *   cookie (what JupyterLab's ServerConnection sends), or an `Authorization: token …`
 *   header. A browser can send neither cross-site without a CORS preflight, which the
 *   shim never grants. In TCP mode the token has been checked already; behind the proxy
 *   Jupyter authenticated the request with it.
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function bearerOfTokenScheme(headers: IncomingHttpHeaders): string | null {
  const header = headers.authorization;
  if (typeof header !== 'string') return null;
  const match = /^token\s+(\S+)\s*$/i.exec(header);
  return match ? match[1] : null;
}

export function hasValidServerToken(headers: IncomingHttpHeaders, secret: string): boolean {
  const given = bearerOfTokenScheme(headers);
  return given !== null && sameSecret(given, secret);
}

/** Constant-time comparison, so response timing does not leak how much of a guess matched. */
function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * One cookie's value from a Cookie header (RFC 6265 §5.4: `name=value` pairs separated by
 * "; "). Only `_xsrf` is ever read, so a full cookie library is not needed.
 */
export function readCookie(header: string | undefined, name: string): string | undefined {
  for (const pair of (header ?? '').split(';')) {
    const index = pair.indexOf('=');
    if (index > 0 && pair.slice(0, index).trim() === name) {
      const value = pair.slice(index + 1).trim();
      return value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value;
    }
  }
  return undefined;
}

export function csrfProblem(method: string, headers: IncomingHttpHeaders): string | null {
  if (SAFE_METHODS.has(method)) return null;
  if (bearerOfTokenScheme(headers) !== null) return null;
  const header = headers['x-xsrftoken'];
  const sent = Array.isArray(header) ? header[0] : header;
  const cookie = readCookie(headers.cookie, '_xsrf');
  if (!sent || !cookie) {
    return 'This request needs the X-XSRFToken header matching the _xsrf cookie (or an Authorization: token header)';
  }
  return sameSecret(sent, cookie) ? null : 'The X-XSRFToken header does not match the _xsrf cookie';
}

/**
 * `GET /logout` is the original's route and stays for scripts, but a GET changes state: another
 * site could log the user out by navigating there. Browsers label such a request with
 * `Sec-Fetch-Site` (Fetch Metadata); refuse it unless it comes from the Jupyter origin itself
 * (or from no browser at all: curl sends no such header).
 */
export function isCrossSiteRequest(headers: IncomingHttpHeaders): boolean {
  const site = headers['sec-fetch-site'];
  return site === 'cross-site' || site === 'same-site';
}
