/**
 * `GET /v2/oauth2/authorize` (login + consent page), the page's form post, and
 * the copy-this-code page `GET /v2/web/auth-code` (globus-api.md §1.2–1.3).
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { randomUUID } from 'node:crypto';
import { IDENTITIES, SandboxIdentity, identityDomain } from '../catalogue';
import type { SandboxContext } from '../context';
import { Params, body, query } from '../http';
import { authCodePage, consentPage, errorPage } from './pages';
import { S256_CHALLENGE_RE } from './pkce';
import { isAllowedRedirectUri } from './redirect-uri';
import { serializeScope, type ScopeNode } from './scopes';
import { validateRequestedScopes } from './validate-scopes';

export interface PendingAuthorization {
  id: string;
  client_id: string;
  redirect_uri: string;
  state: string | undefined;
  scopes: ScopeNode[];
  offline: boolean;
  code_challenge: string;
  code_challenge_method: 'S256' | 'plain';
  force_login: boolean;
  mfa: boolean;
  offered_identities: string[];
  named_grant: string;
  session_message: string | undefined;
}

export const AUTH_CODE_PATH = '/v2/web/auth-code';

function redirectWith(reply: FastifyReply, redirectUri: string, params: Record<string, string>) {
  const url = new URL(redirectUri);
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  return reply.redirect(url.toString(), 302);
}

function commaList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map(s => s.trim())
    .filter(Boolean);
}

/** The identities the page may offer, narrowed by the session_required_* parameters. */
function offeredIdentities(q: Params): SandboxIdentity[] {
  let offered = IDENTITIES;
  const ids = commaList(q.session_required_identities);
  if (ids.length > 0) offered = offered.filter(i => ids.includes(i.id));
  const domains = commaList(q.session_required_single_domain).map(d => d.toLowerCase());
  if (domains.length > 0) offered = offered.filter(i => domains.includes(identityDomain(i)));
  return offered;
}

export function registerAuthorize(app: FastifyInstance, ctx: SandboxContext): void {
  const pending = new Map<string, PendingAuthorization>();

  app.get('/v2/oauth2/authorize', async (request, reply) => {
    const q = query(request);
    const html = (status: number, title: string, detail: string) =>
      reply.code(status).type('text/html; charset=utf-8').send(errorPage(title, detail));
    // Without a trustworthy client and redirect_uri Auth shows an error page
    // instead of redirecting (OAUTH_AUTH_REQUEST_FAILURE, globus-api.md §1.2).
    const client = q.client_id ? ctx.clients.get(q.client_id) : undefined;
    if (!client)
      return html(400, 'Unknown client', `client_id "${q.client_id ?? ''}" is not registered`);
    if (!q.redirect_uri) return html(400, 'Invalid request', 'redirect_uri is required');
    if (!isAllowedRedirectUri(q.redirect_uri, `${ctx.baseUrl()}${AUTH_CODE_PATH}`)) {
      return html(
        400,
        'Mismatching redirect URI',
        `redirect_uri "${q.redirect_uri}" is not registered for this client`
      );
    }
    const fail = (error: string, description: string) =>
      redirectWith(reply, q.redirect_uri as string, {
        error,
        error_description: description,
        ...(q.state !== undefined ? { state: q.state } : {})
      });
    if (q.response_type !== 'code') {
      return fail(
        'unsupported_response_type',
        `response_type must be "code", got "${q.response_type ?? ''}"`
      );
    }
    const scopes = validateRequestedScopes(q.scope, ctx.collections);
    if ('error' in scopes) return fail('invalid_scope', scopes.error);
    // Native apps are public clients: PKCE is mandatory.
    const method = q.code_challenge_method ?? 'plain';
    if (!q.code_challenge)
      return fail('invalid_request', 'code_challenge is required for native apps');
    if (method !== 'S256' && method !== 'plain') {
      return fail(
        'invalid_request',
        `code_challenge_method must be S256 or plain, got "${method}"`
      );
    }
    if (method === 'S256' && !S256_CHALLENGE_RE.test(q.code_challenge)) {
      return fail('invalid_request', 'code_challenge must be 43 base64url characters for S256');
    }
    if (q.state !== undefined && q.state.length > 2048) {
      return fail('invalid_request', 'state is longer than 2048 characters');
    }
    if (q.access_type !== undefined && q.access_type !== 'offline' && q.access_type !== 'online') {
      return fail(
        'invalid_request',
        `access_type must be online or offline, got "${q.access_type}"`
      );
    }
    if (q.prompt !== undefined && q.prompt !== 'login' && q.prompt !== 'none') {
      return fail('invalid_request', `prompt must be login or none, got "${q.prompt}"`);
    }
    const identities = offeredIdentities(q);
    if (identities.length === 0) {
      return html(
        400,
        'No matching identity',
        'None of your identities satisfy session_required_identities / session_required_single_domain'
      );
    }
    const id = randomUUID();
    pending.set(id, {
      id,
      client_id: client.id,
      redirect_uri: q.redirect_uri,
      state: q.state,
      scopes: scopes.nodes,
      offline: scopes.offline || q.access_type === 'offline',
      code_challenge: q.code_challenge,
      code_challenge_method: method,
      force_login: q.prompt === 'login',
      mfa: q.session_required_mfa === 'true',
      offered_identities: identities.map(i => i.id),
      named_grant: q.prefill_named_grant ?? client.name,
      session_message: q.session_message
    });
    return reply.type('text/html; charset=utf-8').send(
      consentPage({
        requestId: id,
        clientName: client.name,
        identities,
        scopes: scopes.nodes.map(serializeScope),
        namedGrant: q.prefill_named_grant ?? client.name,
        sessionMessage: q.session_message,
        mfaRequired: q.session_required_mfa === 'true',
        forceLogin: q.prompt === 'login'
      })
    );
  });

  app.post('/v2/oauth2/authorize', async (request, reply) => {
    const form = body(request);
    const req = form.request_id ? pending.get(form.request_id) : undefined;
    if (!req) {
      return reply
        .code(400)
        .type('text/html; charset=utf-8')
        .send(
          errorPage('Invalid request', 'This login request is unknown or was already answered')
        );
    }
    const stateParam: Record<string, string> = req.state !== undefined ? { state: req.state } : {};
    if (form.decision === 'deny') {
      pending.delete(req.id);
      return redirectWith(reply, req.redirect_uri, {
        error: 'access_denied',
        error_description: 'The user denied the request',
        ...stateParam
      });
    }
    if (form.decision !== 'allow') {
      return reply
        .code(400)
        .type('text/html; charset=utf-8')
        .send(errorPage('Invalid request', 'decision must be allow or deny'));
    }
    const identityId = form.identity_id ?? '';
    if (!req.offered_identities.includes(identityId)) {
      return reply
        .code(400)
        .type('text/html; charset=utf-8')
        .send(
          errorPage('Invalid identity', `identity "${identityId}" was not offered for this login`)
        );
    }
    pending.delete(req.id);
    const session = ctx.auth.authenticate(identityId, {
      forceLogin: req.force_login,
      mfa: req.mfa
    });
    ctx.auth.recordConsents(identityId, req.client_id, req.scopes);
    const code = ctx.auth.createCode({
      client_id: req.client_id,
      redirect_uri: req.redirect_uri,
      code_challenge: req.code_challenge,
      code_challenge_method: req.code_challenge_method,
      scopes: req.scopes,
      offline: req.offline,
      identity_id: identityId,
      session,
      state: req.state
    });
    return redirectWith(reply, req.redirect_uri, { code, ...stateParam });
  });

  app.get(AUTH_CODE_PATH, async (request, reply) => {
    const q = query(request);
    return reply.type('text/html; charset=utf-8').send(authCodePage(q.code, q.error));
  });
}
