/**
 * Globus paths on a collection → host paths under its root. `/~/` is the
 * root (GCP maps home; the sandbox maps the collection root). `..` can never
 * climb above `/`, and symlinks that resolve outside the root are refused.
 */
import fs from 'node:fs/promises';
import path from 'node:path';

export interface ResolvedPath {
  /** Normalised Globus path, absolute, without a trailing slash except `/`. */
  globusPath: string;
  hostPath: string;
}

/** `/~/a/../b` → `/b`; `~/x` → `/x`; relative paths are taken from the root. */
export function normaliseGlobusPath(raw: string): string {
  let p = raw.trim();
  if (p === '~' || p.startsWith('~/')) p = p.slice(1);
  if (p === '/~' || p.startsWith('/~/')) p = p.slice(2);
  if (!p.startsWith('/')) p = `/${p}`;
  const normal = path.posix.normalize(p);
  return normal.length > 1 ? normal.replace(/\/+$/, '') : '/';
}

export function resolveGlobusPath(root: string, raw: string): ResolvedPath {
  const globusPath = normaliseGlobusPath(raw);
  return { globusPath, hostPath: path.join(root, ...globusPath.split('/').filter(Boolean)) };
}

/** Is `hostPath` (or, if missing, its nearest existing ancestor) really inside `root`? */
export async function staysInsideRoot(root: string, hostPath: string): Promise<boolean> {
  const realRoot = await fs.realpath(root);
  let probe = hostPath;
  for (;;) {
    try {
      const real = await fs.realpath(probe);
      return real === realRoot || real.startsWith(realRoot + path.sep);
    } catch {
      const parent = path.dirname(probe);
      if (parent === probe) return false;
      probe = parent;
    }
  }
}

/** `/share` → `/share/` (ls answers with a trailing slash, globus-api.md §2.4). */
export function withTrailingSlash(globusPath: string): string {
  return globusPath.endsWith('/') ? globusPath : `${globusPath}/`;
}
