/**
 * Globus scope strings and the dependent-scope grammar (globus-api.md §1.9).
 */

export const TRANSFER_RESOURCE_SERVER = 'transfer.api.globus.org';
export const AUTH_RESOURCE_SERVER = 'auth.globus.org';

export const TRANSFER_ALL_SCOPE = 'urn:globus:auth:scope:transfer.api.globus.org:all';
export const OPENID_SCOPE = 'openid';
export const PROFILE_SCOPE = 'profile';

/** A GCSv5 collection's data_access scope (globus-api.md §1.9, PY scopes/data/gcs.py). */
export function dataAccessScope(collectionId: string): string {
  return `https://auth.globus.org/scopes/${collectionId}/data_access`;
}

/**
 * `base[dep1 dep2]`. The original (handlers/auth.py `apply_dependent_scopes`) writes the
 * dependency without the optional `*` marker, so we do too.
 */
export function withDependencies(base: string, dependencies: string[]): string {
  return dependencies.length ? `${base}[${dependencies.join(' ')}]` : base;
}

/** The collection ids named by data_access scopes anywhere in a scope string. */
export function collectionsInDataAccessScopes(scopes: readonly string[]): string[] {
  const found = new Set<string>();
  const pattern = /https:\/\/auth\.globus\.org\/scopes\/([0-9a-fA-F-]{36})\/data_access/g;
  for (const scope of scopes) {
    for (const match of scope.matchAll(pattern)) found.add(match[1].toLowerCase());
  }
  return [...found];
}
