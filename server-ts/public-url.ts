/**
 * Absolute URLs the shim hands out (login URLs, the OAuth redirect_uri), as the browser
 * sees them through jupyter-server-proxy.
 *
 * jupyter-server-proxy (absolute_url: false) strips `{base_url}globus-jupyterlab` from
 * the path and sends it as X-Forwarded-Prefix / X-Forwarded-Context
 * (jupyter-ecosystem.md §2.1, §2.3 rule 5). It adds no X-Forwarded-Proto; a TLS
 * terminator in front of Jupyter may, and Tornado-style deployments use X-Scheme.
 */

export interface PublicUrlHeaders {
  host?: string;
  'x-forwarded-proto'?: string | string[];
  'x-scheme'?: string | string[];
  'x-forwarded-prefix'?: string | string[];
  'x-forwarded-context'?: string | string[];
}

export interface PublicBase {
  /** `https://hub.example.org` */
  origin: string;
  /** `/user/alice/globus-jupyterlab` (no trailing slash; empty at the root). */
  prefix: string;
}

function first(value: string | string[] | undefined): string | undefined {
  const raw = Array.isArray(value) ? value[0] : value;
  // A chain of proxies may send "https, http": the first is the client-facing one.
  return raw?.split(',')[0]?.trim() || undefined;
}

export function publicBase(headers: PublicUrlHeaders, fallbackPrefix: string | null): PublicBase {
  const proto = (first(headers['x-forwarded-proto']) ?? first(headers['x-scheme']) ?? 'http')
    .toLowerCase()
    .replace(/:$/, '');
  const scheme = proto === 'https' ? 'https' : 'http';
  const host = sanitizeHost(first(headers.host) ?? '127.0.0.1');
  const prefix = normalizePrefix(
    first(headers['x-forwarded-prefix']) ?? first(headers['x-forwarded-context']) ?? fallbackPrefix
  );
  return { origin: `${scheme}://${host}`, prefix };
}

/** The absolute URL of a shim route, e.g. `route(base, 'login', {requested_scopes})`. */
export function routeUrl(
  base: PublicBase,
  route: string,
  query?: Record<string, string | undefined>
): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined) params.append(key, value);
  }
  const search = params.toString();
  return `${base.origin}${base.prefix}/${route}${search ? `?${search}` : ''}`;
}

function normalizePrefix(prefix: string | null | undefined): string {
  if (!prefix) return '';
  const trimmed = prefix.trim().replace(/\/+$/, '');
  if (trimmed === '') return '';
  // Only a path is acceptable; anything that could redirect elsewhere is refused.
  if (!/^\/[A-Za-z0-9._~!$&'()*+,;=:@%/-]*$/.test(trimmed) || trimmed.startsWith('//')) return '';
  return trimmed;
}

/** A Host header is `name[:port]`; anything else would let a header smuggle in a URL. */
function sanitizeHost(host: string): string {
  return /^[A-Za-z0-9.-]+(:\d+)?$|^\[[0-9A-Fa-f:.]+\](:\d+)?$/.test(host) ? host : '127.0.0.1';
}
