/**
 * `GET /v0.10/endpoint_search`, `GET /v0.10/endpoint/{id}` and the legacy
 * `POST /v0.10/endpoint/{id}/autoactivate` (globus-api.md §2.1–2.3).
 */
import type { FastifyInstance } from 'fastify';
import type { CollectionSpec } from '../catalogue';
import type { SandboxContext } from '../context';
import { query } from '../http';
import { requestId } from '../util';
import { activationKey, findCollection, isActivated } from './collections';
import { endpointDocument } from './endpoint-document';
import { badRequest } from './errors';
import { requireTransferToken } from './guard';
import { intParam } from './paging';

const SCOPES = [
  'all',
  'my-endpoints',
  'my-gcp-endpoints',
  'recently-used',
  'in-use',
  'shared-by-me',
  'shared-with-me',
  'hide-no-permissions',
  'administered-by-me'
] as const;
type SearchScope = (typeof SCOPES)[number];

/** GCSv4 activations last 11 days here (a typical MyProxy credential lifetime; unverified). */
const ACTIVATION_SECONDS = 11 * 24 * 3600;

function boolParam(value: string | undefined, name: string): boolean | undefined {
  if (value === undefined || value === '') return undefined;
  if (['1', 'true', 'True'].includes(value)) return true;
  if (['0', 'false', 'False'].includes(value)) return false;
  throw badRequest(`${name} must be true/false or 1/0, got '${value}'`);
}

/** Lower-case words of a text, punctuation removed. */
function wordsOf(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/**
 * How well the query terms match a collection; 0 means "not a hit". Per the
 * Transfer docs (Endpoint and Collection Search §5.1): punctuation removed,
 * terms ANDed, each matching the beginning of a word of display_name,
 * canonical_name, description, organization, department, keywords or
 * owner_string. Display-name hits weigh more. (Stemming is not modelled.)
 */
function rank(c: CollectionSpec, terms: string[]): number {
  const fields: Array<[string | null, number]> = [
    [c.display_name, 3],
    [c.keywords, 2],
    [c.description, 1],
    [c.organization, 1],
    [c.owner_string, 1]
  ];
  const indexed = fields
    .filter((f): f is [string, number] => Boolean(f[0]))
    .map(([text, weight]) => ({ words: wordsOf(text), weight }));
  let score = 0;
  for (const term of terms) {
    const weight = indexed
      .filter(f => f.words.some(w => w.startsWith(term)))
      .reduce((sum, f) => sum + f.weight, 0);
    if (weight === 0) return 0;
    score += weight;
  }
  return score;
}

export function registerEndpoints(app: FastifyInstance, ctx: SandboxContext): void {
  app.get('/v0.10/endpoint_search', async request => {
    const token = requireTransferToken(request, ctx);
    const q = query(request);
    const scope = (q.filter_scope ?? 'all') as SearchScope;
    if (!SCOPES.includes(scope)) {
      throw badRequest(
        `Invalid filter_scope '${q.filter_scope}'; expected one of ${SCOPES.join(', ')}`
      );
    }
    const fulltext = (q.filter_fulltext ?? '').trim();
    if (!fulltext && (scope === 'all' || scope === 'hide-no-permissions')) {
      // Upstream refuses an unbounded search of every public endpoint (mem; globus-api.md §2.1).
      throw badRequest("filter_fulltext is required when filter_scope is 'all'");
    }
    // Upstream: limit ≤ 100 and offset + limit ≤ 1000 (mem, globus-api.md §2.1).
    const limit = intParam(q.limit, 'limit', 25, 100);
    const offset = intParam(q.offset, 'offset', 0, 999);
    if (offset + limit > 1000) throw badRequest('offset + limit must not exceed 1000');
    const nonFunctional = boolParam(q.filter_non_functional, 'filter_non_functional');
    const mine = ctx.auth.accountIdentities(token.account).map(i => i.id);
    const used = ctx.transfer.recentlyUsed.get(token.account) ?? new Map<string, number>();
    const activeIds = new Set(
      ctx.transfer
        .tasksOf(token.account)
        .filter(t => t.doc.status === 'ACTIVE')
        .flatMap(t => [t.doc.source_endpoint_id, t.doc.destination_endpoint_id])
    );
    const isGuest = (c: CollectionSpec) => c.entity_type.endsWith('guest_collection');
    const visible = (c: CollectionSpec) => c.public || mine.includes(c.owner_id);
    let hits = [...ctx.collections.values()].filter(c => {
      switch (scope) {
        case 'my-endpoints':
        case 'administered-by-me':
          return mine.includes(c.owner_id);
        case 'my-gcp-endpoints':
          return mine.includes(c.owner_id) && c.entity_type.startsWith('GCP_');
        case 'recently-used':
          return used.has(c.id);
        case 'in-use':
          return activeIds.has(c.id);
        case 'shared-by-me':
          return isGuest(c) && mine.includes(c.owner_id);
        case 'shared-with-me':
          return isGuest(c) && !mine.includes(c.owner_id) && c.public;
        default:
          return visible(c);
      }
    });
    if (q.filter_owner_id) hits = hits.filter(c => c.owner_id === q.filter_owner_id);
    if (q.filter_host_endpoint)
      hits = hits.filter(c => c.host_endpoint_id === q.filter_host_endpoint);
    if (q.filter_entity_type) hits = hits.filter(c => c.entity_type === q.filter_entity_type);
    if (nonFunctional !== undefined) {
      hits = hits.filter(c => (c.behaviour === 'nonFunctional') === nonFunctional);
    }
    const words = wordsOf(fulltext);
    const ranked = hits
      .map(c => ({ c, r: words.length ? rank(c, words) : 1 }))
      .filter(x => x.r > 0)
      .sort((a, b) =>
        scope === 'recently-used' && !words.length
          ? (used.get(b.c.id) ?? 0) - (used.get(a.c.id) ?? 0)
          : b.r - a.r || a.c.display_name.localeCompare(b.c.display_name)
      );
    const page = ranked.slice(offset, offset + limit);
    return {
      DATA_TYPE: 'endpoint_list',
      limit,
      offset,
      has_next_page: offset + limit < Math.min(ranked.length, 1000),
      DATA: page.map(({ c, r }) => ({
        ...endpointDocument(ctx, c, token.account, mine),
        _rank: r
      }))
    };
  });

  app.get<{ Params: { id: string } }>('/v0.10/endpoint/:id', async request => {
    const token = requireTransferToken(request, ctx);
    const collection = findCollection(ctx, request.params.id);
    const mine = ctx.auth.accountIdentities(token.account).map(i => i.id);
    return endpointDocument(ctx, collection, token.account, mine);
  });

  // Legacy (GCSv4 only; dead upstream, globus-api.md §2.3): activates the GCSv4
  // endpoint for this user; every other collection is "AlreadyActivated".
  app.post<{ Params: { id: string } }>('/v0.10/endpoint/:id/autoactivate', async request => {
    const token = requireTransferToken(request, ctx);
    const collection = findCollection(ctx, request.params.id);
    const base = {
      DATA_TYPE: 'activation_result',
      resource: `/endpoint/${collection.id}/autoactivate`,
      endpoint: collection.id,
      request_id: requestId(),
      length: 0,
      DATA: [],
      oauth_server: null,
      subject: null
    };
    if (collection.entity_type !== 'GCSv4_host') {
      return {
        ...base,
        code: 'AlreadyActivated',
        message: 'Endpoint does not need activation',
        expires_in: -1,
        expire_time: null
      };
    }
    const key = activationKey(token.account, collection.id);
    if (isActivated(ctx, token.account, collection.id)) {
      const expiresIn = (ctx.auth.activations.get(key) ?? 0) - ctx.clock.nowSeconds();
      return {
        ...base,
        code: 'AlreadyActivated',
        message: 'Endpoint already activated',
        expires_in: expiresIn,
        expire_time: ctx.clock.iso((ctx.clock.nowSeconds() + expiresIn) * 1000)
      };
    }
    const expiresAt = ctx.clock.nowSeconds() + ACTIVATION_SECONDS;
    ctx.auth.activations.set(key, expiresAt);
    return {
      ...base,
      code: 'AutoActivated.CachedCredential',
      message: 'Endpoint activated successfully using cached credential',
      expires_in: ACTIVATION_SECONDS,
      expire_time: ctx.clock.iso(expiresAt * 1000)
    };
  });
}
