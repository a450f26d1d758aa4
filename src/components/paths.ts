/** POSIX-style helpers for Globus collection paths (always `/`-separated). */

/** `/a/b/` → `/a/b/c/` */
export function joinPath(folder: string, name: string): string {
  const base = folder.endsWith('/') ? folder : `${folder}/`;
  return `${base}${name}/`;
}

/** `/a/b/` → `/a/`; the root stays the root. `/~/x/` → `/~/`. */
export function parentPath(path: string): string {
  const trimmed = path.replace(/\/+$/, '');
  const cut = trimmed.lastIndexOf('/');
  return cut <= 0 ? '/' : `${trimmed.slice(0, cut)}/`;
}

export interface ICrumb {
  name: string;
  path: string;
}

/** Globus's home folder: `/~/` and everything under it (globus-api.md §2.4). */
export function isHomePath(path: string): boolean {
  return /^\/~(\/|$)/.test(path);
}

/**
 * `/data/x/` → `/`, `data`, `x`, each with the path it opens. A path under the
 * home folder starts at a `homeName` crumb (`/~/data/` → `Home`, `data`): the
 * root above `~` may not be listable, and `~` is no folder name to show.
 */
export function breadcrumbs(path: string, homeName: string): ICrumb[] {
  const home = isHomePath(path);
  const parts = path.split('/').filter(Boolean);
  const crumbs: ICrumb[] = home ? [] : [{ name: '/', path: '/' }];
  let current = '/';
  for (const [index, part] of parts.entries()) {
    current = `${current}${part}/`;
    crumbs.push({ name: home && index === 0 ? homeName : part, path: current });
  }
  return crumbs;
}
