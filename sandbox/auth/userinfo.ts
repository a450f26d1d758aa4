/**
 * `GET /v2/oauth2/userinfo`, `GET /v2/api/identities`, OIDC discovery and
 * the JWKS (globus-api.md §1.1, §1.8).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import { IDENTITIES } from '../catalogue';
import type { SandboxContext } from '../context';
import { bearer, query } from '../http';
import { AUTH_RS } from './scopes';
import type { TokenRecord } from './store';

/** Auth's API error document (PYFX auth/_common.py). */
function authApiError(reply: FastifyReply, status: 401 | 403, detail: string) {
  const code = status === 401 ? 'UNAUTHORIZED' : 'FORBIDDEN';
  const title = status === 401 ? 'Unauthorized' : 'Forbidden';
  return reply.code(status).send({
    errors: [{ status: String(status), id: randomUUID(), code, detail, title }],
    error_description: title,
    error: title.toLowerCase()
  });
}

function authToken(request: FastifyRequest, ctx: SandboxContext): TokenRecord | string {
  const token = bearer(request);
  if (!token) return 'Call must be authenticated';
  const { record, problem } = ctx.auth.lookup(token);
  if (!record || problem) return 'Call must be authenticated';
  if (record.resource_server !== AUTH_RS) return 'Call must be authenticated';
  return record;
}

export function registerUserinfo(app: FastifyInstance, ctx: SandboxContext): void {
  app.get('/v2/oauth2/userinfo', async (request, reply) => {
    const record = authToken(request, ctx);
    if (typeof record === 'string') return authApiError(reply, 401, record);
    if (!record.scopes.includes('openid')) {
      return authApiError(reply, 403, 'userinfo requires the openid scope');
    }
    const identity = ctx.auth.identityOrThrow(record.identity_id);
    // identity_set is always included: GJL's fixtures return it with `openid profile`
    // alone (globus-api.md §1.8 marks the view_identity_set requirement unverified).
    return ctx.auth.identityClaims(identity, record.session);
  });

  app.get('/v2/api/identities', async (request, reply) => {
    const record = authToken(request, ctx);
    if (typeof record === 'string') return authApiError(reply, 401, record);
    const q = query(request);
    const ids = (q.ids ?? '').split(',').filter(Boolean);
    const usernames = (q.usernames ?? '').split(',').filter(Boolean);
    const found = IDENTITIES.filter(i => ids.includes(i.id) || usernames.includes(i.username));
    return {
      identities: found.map(i => ({
        email: i.email,
        id: i.id,
        identity_provider: i.identity_provider,
        identity_type: 'login',
        name: i.name,
        organization: i.organization,
        status: 'used',
        username: i.username
      }))
    };
  });

  app.get('/.well-known/openid-configuration', async () => {
    const base = ctx.baseUrl();
    return {
      issuer: base,
      authorization_endpoint: `${base}/v2/oauth2/authorize`,
      userinfo_endpoint: `${base}/v2/oauth2/userinfo`,
      token_endpoint: `${base}/v2/oauth2/token`,
      revocation_endpoint: `${base}/v2/oauth2/token/revoke`,
      jwks_uri: `${base}/jwk.json`,
      response_types_supported: ['code'],
      id_token_signing_alg_values_supported: ['RS512'],
      scopes_supported: ['openid', 'email', 'profile'],
      token_endpoint_auth_methods_supported: ['client_secret_basic'],
      claims_supported: [
        'at_hash',
        'aud',
        'email',
        'exp',
        'name',
        'nonce',
        'preferred_username',
        'iat',
        'iss',
        'sub'
      ],
      subject_types_supported: ['public'],
      grant_types_supported: ['authorization_code', 'refresh_token']
    };
  });

  app.get('/jwk.json', async () => ({ keys: [ctx.auth.publicJwk] }));
}
