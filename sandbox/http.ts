/** Small helpers for reading Fastify requests without `any`. */
import type { FastifyRequest } from 'fastify';

export type Params = Record<string, string | undefined>;

/** Query string or form body as single strings (the first of a repeated key). */
export function fields(source: unknown): Params {
  const out: Params = {};
  if (source && typeof source === 'object') {
    for (const [key, value] of Object.entries(source as Record<string, unknown>)) {
      if (typeof value === 'string') out[key] = value;
      else if (Array.isArray(value) && typeof value[0] === 'string') out[key] = value[0];
    }
  }
  return out;
}

export function query(request: FastifyRequest): Params {
  return fields(request.query);
}

export function body(request: FastifyRequest): Params {
  return fields(request.body);
}

/** The bearer token of a request, or null. */
export function bearer(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (!header) return null;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return m ? m[1] : null;
}

/** HTTP Basic client credentials, or null. */
export function basicAuth(request: FastifyRequest): { id: string; secret: string } | null {
  const header = request.headers.authorization;
  const m = header ? /^Basic\s+(\S+)$/i.exec(header) : null;
  if (!m) return null;
  const decoded = Buffer.from(m[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return null;
  return { id: decodeURIComponent(decoded.slice(0, colon)), secret: decoded.slice(colon + 1) };
}

/** The path of a request without its query string. */
export function pathOf(url: string): string {
  const q = url.indexOf('?');
  return q < 0 ? url : url.slice(0, q);
}
