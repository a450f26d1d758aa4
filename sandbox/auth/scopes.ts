/**
 * Globus scope strings: a space-separated list in which a scope may carry
 * dependent scopes in brackets, `A[B C[D]]`, and `*` marks a dependency
 * optional (globus-api.md §1.9, PY scopes/parser.py).
 */
export interface ScopeNode {
  scope: string;
  optional: boolean;
  dependencies: ScopeNode[];
}

export class ScopeParseError extends Error {}

export function parseScopes(text: string): ScopeNode[] {
  let pos = 0;
  const parseList = (closing: boolean): ScopeNode[] => {
    const nodes: ScopeNode[] = [];
    for (;;) {
      while (pos < text.length && /\s/.test(text[pos])) pos++;
      if (pos >= text.length) {
        if (closing) throw new ScopeParseError(`unclosed '[' in scope string "${text}"`);
        return nodes;
      }
      if (text[pos] === ']') {
        if (!closing) throw new ScopeParseError(`unexpected ']' in scope string "${text}"`);
        pos++;
        return nodes;
      }
      let optional = false;
      if (text[pos] === '*') {
        optional = true;
        pos++;
      }
      const start = pos;
      while (pos < text.length && !/[\s[\]*]/.test(text[pos])) pos++;
      const scope = text.slice(start, pos);
      if (!scope) throw new ScopeParseError(`empty scope at position ${start} in "${text}"`);
      let dependencies: ScopeNode[] = [];
      if (text[pos] === '[') {
        pos++;
        dependencies = parseList(true);
        if (dependencies.length === 0) {
          throw new ScopeParseError(`empty dependency list after "${scope}"`);
        }
      }
      nodes.push({ scope, optional, dependencies });
    }
  };
  return parseList(false);
}

export function serializeScope(node: ScopeNode): string {
  const head = `${node.optional ? '*' : ''}${node.scope}`;
  if (node.dependencies.length === 0) return head;
  return `${head}[${node.dependencies.map(serializeScope).join(' ')}]`;
}

export const AUTH_RS = 'auth.globus.org';
export const TRANSFER_RS = 'transfer.api.globus.org';
export const TRANSFER_ALL = 'urn:globus:auth:scope:transfer.api.globus.org:all';
const AUTH_SCOPES = new Set([
  'openid',
  'profile',
  'email',
  'urn:globus:auth:scope:auth.globus.org:view_identity_set',
  'urn:globus:auth:scope:auth.globus.org:view_identities'
]);
const URL_SCOPE_RE =
  /^https:\/\/auth\.globus\.org\/scopes\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\/([A-Za-z0-9_.-]+)$/i;

/** The resource server a scope belongs to, or null for an unknown scope. */
export function resourceServerOf(scope: string): string | null {
  if (AUTH_SCOPES.has(scope)) return AUTH_RS;
  if (scope === TRANSFER_ALL) return TRANSFER_RS;
  const m = URL_SCOPE_RE.exec(scope);
  return m ? m[1].toLowerCase() : null;
}

/** `https://auth.globus.org/scopes/<collection>/data_access` → the collection id. */
export function dataAccessCollection(scope: string): string | null {
  const m = URL_SCOPE_RE.exec(scope);
  return m && m[2] === 'data_access' ? m[1].toLowerCase() : null;
}

export function dataAccessScope(collectionId: string): string {
  return `https://auth.globus.org/scopes/${collectionId}/data_access`;
}

/** What Transfer asks for in ConsentRequired (globus-api.md §2.11). */
export function transferWithDataAccess(collectionId: string): string {
  return `${TRANSFER_ALL}[*${dataAccessScope(collectionId)}]`;
}

/** Every scope string in a tree, depth first (to record consents). */
export function flattenScopes(nodes: ScopeNode[], prefix = ''): string[] {
  const out: string[] = [];
  for (const node of nodes) {
    const pathName = prefix ? `${prefix} > ${node.scope}` : node.scope;
    out.push(pathName);
    out.push(...flattenScopes(node.dependencies, pathName));
  }
  return out;
}
