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

/** `/~/data/x/` → `/`, `~`, `data`, `x`, each with the path it opens. */
export function breadcrumbs(path: string): ICrumb[] {
  const parts = path.split('/').filter(Boolean);
  const crumbs: ICrumb[] = [{ name: '/', path: '/' }];
  let current = '/';
  for (const part of parts) {
    current = `${current}${part}/`;
    crumbs.push({ name: part, path: current });
  }
  return crumbs;
}
