/**
 * `POST /v2/oauth2/token` (authorization_code with PKCE, refresh_token),
 * `/token/revoke`, `/token/introspect`, `/token/validate` — form-encoded
 * (globus-api.md §0, §1.4–1.7).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SandboxContext } from '../context';
import { basicAuth, body } from '../http';
import { verifyPkce } from './pkce';

/** OAuth errors: `{"error": …, "error_description": …}` (globus-api.md §1.4). */
function oauthError(reply: FastifyReply, status: number, error: string, description: string) {
  return reply.code(status).send({ error, error_description: description });
}

/** The calling client: Basic credentials (confidential) or client_id in the body (native). */
function callingClient(request: FastifyRequest, ctx: SandboxContext): string | null {
  const basic = basicAuth(request);
  const id = basic?.id ?? body(request).client_id;
  return id && ctx.clients.has(id) ? id : null;
}

export function registerToken(app: FastifyInstance, ctx: SandboxContext): void {
  app.post('/v2/oauth2/token', async (request, reply) => {
    const form = body(request);
    const clientId = callingClient(request, ctx);
    if (!clientId)
      return oauthError(reply, 401, 'invalid_client', 'client_id is missing or unknown');
    if (form.grant_type === 'authorization_code') {
      const code = form.code ? ctx.auth.codes.get(form.code) : undefined;
      // Every failure of the exchange is `invalid_grant`, 401 (PYFX oauth2_exchange_code_for_tokens).
      if (!code) return oauthError(reply, 401, 'invalid_grant', 'unknown authorization code');
      if (code.used)
        return oauthError(reply, 401, 'invalid_grant', 'authorization code was already used');
      if (code.expires_at <= ctx.clock.nowSeconds()) {
        return oauthError(reply, 401, 'invalid_grant', 'authorization code expired');
      }
      if (code.client_id !== clientId) {
        return oauthError(
          reply,
          401,
          'invalid_grant',
          'authorization code was issued to another client'
        );
      }
      if (form.redirect_uri !== code.redirect_uri) {
        return oauthError(
          reply,
          401,
          'invalid_grant',
          'redirect_uri does not match the authorize request'
        );
      }
      if (!form.code_verifier) {
        return oauthError(reply, 401, 'invalid_grant', 'code_verifier is required (PKCE)');
      }
      if (!verifyPkce(form.code_verifier, code.code_challenge, code.code_challenge_method)) {
        return oauthError(
          reply,
          401,
          'invalid_grant',
          'code_verifier does not match code_challenge'
        );
      }
      code.used = true;
      return ctx.auth.mintTokens({
        clientId,
        identityId: code.identity_id,
        scopes: code.scopes,
        offline: code.offline,
        session: code.session,
        state: code.state
      });
    }
    if (form.grant_type === 'refresh_token') {
      const { record, problem } = ctx.auth.lookup(form.refresh_token ?? '');
      if (!record || problem || record.kind !== 'refresh' || record.client_id !== clientId) {
        return oauthError(
          reply,
          401,
          'invalid_grant',
          'refresh token is invalid, revoked or not yours'
        );
      }
      return ctx.auth.refresh(record);
    }
    return oauthError(
      reply,
      400,
      'unsupported_grant_type',
      `grant_type "${form.grant_type ?? ''}" is not supported (authorization_code, refresh_token)`
    );
  });

  // Revoke answers 200 `{"active": false}` even for unknown tokens (PYFX oauth2_revoke_token; RFC 7009).
  app.post('/v2/oauth2/token/revoke', async (request, reply) => {
    if (!callingClient(request, ctx)) {
      return oauthError(reply, 401, 'invalid_client', 'client_id is missing or unknown');
    }
    const token = body(request).token;
    if (!token) return oauthError(reply, 400, 'invalid_request', 'token is required');
    ctx.auth.revoke(token);
    return { active: false };
  });

  // Upstream only confidential clients may introspect (Basic auth); the sandbox
  // also accepts a native client_id so tests can inspect tokens.
  app.post('/v2/oauth2/token/introspect', async (request, reply) => {
    if (!callingClient(request, ctx)) {
      return oauthError(reply, 401, 'invalid_client', 'client credentials are missing or unknown');
    }
    const form = body(request);
    if (!form.token) return oauthError(reply, 400, 'invalid_request', 'token is required');
    const { record, problem } = ctx.auth.lookup(form.token);
    if (!record || problem) return { active: false };
    const identity = ctx.auth.identityOrThrow(record.identity_id);
    const include = (form.include ?? '').split(',');
    const doc: Record<string, unknown> = {
      active: true,
      token_type: 'Bearer',
      scope: record.scopes.join(' '),
      client_id: record.client_id,
      username: identity.username,
      name: identity.name,
      email: identity.email,
      exp: record.expires_at,
      iat: record.issued_at,
      nbf: record.issued_at,
      sub: identity.id,
      aud: [record.resource_server, record.client_id],
      iss: ctx.baseUrl(),
      dependent_scopes: record.dependent_scopes
    };
    if (include.includes('identity_set')) {
      doc.identity_set = ctx.auth.accountIdentities(record.account).map(i => i.id);
    }
    if (include.includes('session_info')) {
      doc.session_info = {
        session_id: record.session.session_id,
        authentications: record.session.authentications
      };
    }
    return doc;
  });

  app.post('/v2/oauth2/token/validate', async (request, reply) => {
    if (!callingClient(request, ctx)) {
      return oauthError(reply, 401, 'invalid_client', 'client_id is missing or unknown');
    }
    const { record, problem } = ctx.auth.lookup(body(request).token ?? '');
    return { active: Boolean(record && !problem) };
  });
}
