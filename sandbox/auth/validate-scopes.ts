import type { CollectionSpec } from '../catalogue';
import {
  ScopeNode,
  ScopeParseError,
  dataAccessCollection,
  parseScopes,
  resourceServerOf
} from './scopes';

export interface RequestedScopes {
  nodes: ScopeNode[];
  /** `offline_access` (JS SDK style) asks for refresh tokens like access_type=offline. */
  offline: boolean;
}

/**
 * Parse and check a requested scope string. data_access exists only for
 * non-HA GCSv5 mapped collections; elsewhere Auth answers "Unknown Scope"
 * (globus-api.md §1.9, PY add_app_data_access_scope).
 */
export function validateRequestedScopes(
  text: string | undefined,
  collections: Map<string, CollectionSpec>
): RequestedScopes | { error: string } {
  if (!text || !text.trim()) return { error: 'scope is required' };
  let nodes: ScopeNode[];
  try {
    nodes = parseScopes(text);
  } catch (err) {
    return { error: err instanceof ScopeParseError ? err.message : String(err) };
  }
  const offline = nodes.some(n => n.scope === 'offline_access');
  nodes = nodes.filter(n => n.scope !== 'offline_access');
  if (nodes.length === 0) return { error: 'scope must name at least one resource scope' };
  const check = (list: ScopeNode[]): string | null => {
    for (const node of list) {
      if (!resourceServerOf(node.scope)) return `Unknown scope: ${node.scope}`;
      const collection = dataAccessCollection(node.scope);
      if (collection !== null && !collections.get(collection)?.requiresDataAccess) {
        return `Unknown scope: ${node.scope}`;
      }
      const nested = check(node.dependencies);
      if (nested) return nested;
    }
    return null;
  };
  const problem = check(nodes);
  return problem ? { error: problem } : { nodes, offline };
}
