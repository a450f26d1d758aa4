/**
 * Login, logout and who the user is: `/config`, `/login`, `/oauth_callback`,
 * `/oauth_callback_manual`, `/logout`, `/whoami`, `/get_dependent_submission_scope`
 * (the original's handlers/login.py and handlers/config.py).
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type {
  DependentScopeResponse,
  GlobusConfigResponse,
  LogoutResponse,
  ManualCallbackResponse,
  WhoAmIResponse
} from '../../src/api/types';
import { authCodePageUrl, baseScopes } from '../config';
import { requestBase, withToken, type ShimContext } from '../context';
import { GlobusApiError, GlobusNetworkError } from '../globus/http';
import { authorizeUrl, challengeFor, newVerifier, type PendingLogin } from '../login';
import { loginCompletePage } from '../pages';
import { routeUrl } from '../public-url';
import { isCrossSiteRequest } from '../security';
import { callbackQuery, dependentScopeQuery, loginQuery, manualCallbackQuery } from '../schemas';
import {
  AUTH_RESOURCE_SERVER,
  dataAccessScope,
  TRANSFER_ALL_SCOPE,
  TRANSFER_RESOURCE_SERVER,
  withDependencies
} from '../scopes';

export function registerAuthRoutes(app: FastifyInstance, context: ShimContext): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const { config } = context;

  routes.get('/config', async (): Promise<GlobusConfigResponse> => {
    const gcpId = config.gcp?.endpointId ?? null;
    return {
      collection_id: config.collectionId,
      collection_base_path: config.collectionBasePath,
      host_posix_basepath: config.hostPosixBasepath,
      host_collection_basepath: config.hostCollectionBasepath,
      // globus_config.py is_gcp: the detected GCP is the collection in use.
      is_gcp: gcpId !== null && gcpId === config.collectionId,
      is_hub: config.hub !== null,
      is_manual_copy_code_required: config.manualCopyCode,
      is_logged_in: context.tokens.isUsable(TRANSFER_RESOURCE_SERVER),
      transfer_submission_url: config.transferSubmission?.url ?? null,
      transfer_submission_scope: config.transferSubmission?.scope ?? null,
      transfer_submission_is_hub_service: config.transferSubmission?.isHubService ?? false,
      last_login: context.lastLogin,
      collection_id_owner: config.gcp?.owner?.id ?? null
    };
  });

  routes.get('/login', { schema: { querystring: loginQuery } }, async (request, reply) => {
    const base = requestBase(context, request);
    const redirectUri =
      config.redirectUri ??
      (config.manualCopyCode
        ? authCodePageUrl(config.authBaseUrl)
        : routeUrl(base, 'oauth_callback'));
    const verifier = newVerifier();
    const state = context.logins.start({ verifier, redirectUri });
    const { requested_scopes, ...session } = request.query;
    const url = authorizeUrl({
      authBaseUrl: config.authBaseUrl,
      clientId: config.clientId,
      redirectUri,
      scopes: requested_scopes ?? baseScopes(config).join(' '),
      state,
      challenge: challengeFor(verifier),
      refreshTokens: config.refreshTokens,
      namedGrant: config.namedGrant,
      extra: session
    });
    return reply.header('cache-control', 'no-store').redirect(url, 302);
  });

  routes.get(
    '/oauth_callback',
    { schema: { querystring: callbackQuery } },
    async (request, reply) => {
      const { code, state, error, error_description } = request.query;
      if (error) {
        // Globus redirects here with error=access_denied when the user clicks Deny (§1.3).
        if (state) context.logins.take(state);
        const message =
          error === 'access_denied'
            ? 'The login was cancelled.'
            : `Globus Auth reported: ${error_description ?? error}`;
        return sendPage(reply, 400, 'error', message);
      }
      const login = state ? context.logins.take(state) : null;
      if (!login || !code) {
        return sendPage(
          reply,
          400,
          'error',
          'This login link has expired or was already used. Start the login again from JupyterLab.'
        );
      }
      let outcome: LoginOutcome;
      try {
        outcome = await completeLogin(context, code, login);
      } catch (unexpected) {
        // The popup gets a page either way; the details stay in the log.
        context.log.error({ err: unexpected }, 'Unexpected error completing the login');
        return sendPage(reply, 500, 'error', 'Unexpected error; details are in the server log.');
      }
      return outcome.ok
        ? sendPage(reply, 200, 'success')
        : sendPage(reply, outcome.status, 'error', outcome.message);
    }
  );

  routes.get(
    '/oauth_callback_manual',
    { schema: { querystring: manualCallbackQuery } },
    async (request, reply): Promise<ManualCallbackResponse> => {
      const login = context.logins.takeNewest();
      if (!login) {
        reply.code(400);
        return {
          result: false,
          status_code: 400,
          code: 'LoginExpired',
          message: 'No login is waiting for a code (it may have expired). Start the login again.'
        };
      }
      const outcome = await completeLogin(context, request.query.code.trim(), login);
      if (outcome.ok) {
        return { result: true, status_code: 200, code: 'LoginSucceeded', message: 'Logged in' };
      }
      reply.code(outcome.status);
      return {
        result: false,
        status_code: outcome.status,
        code: outcome.code,
        message: outcome.message
      };
    }
  );

  const logout = async (): Promise<LogoutResponse> => {
    const stored = context.tokens.all();
    const secrets = new Set<string>();
    for (const token of stored) {
      secrets.add(token.access_token);
      if (token.refresh_token) secrets.add(token.refresh_token);
    }
    const results = await Promise.allSettled([...secrets].map(t => context.auth.revoke(t)));
    const failed = results.filter(r => r.status === 'rejected').length;
    if (failed) context.log.warn({ failed }, 'Some tokens could not be revoked at Globus');
    // The user asked to be logged out: the local tokens go whatever Globus answered.
    await context.tokens.clear();
    if (!stored.length) return { result: false, details: 'You are not logged in!' };
    return {
      result: true,
      details: failed
        ? `You have been logged out, but ${failed} token(s) could not be revoked at Globus.`
        : 'You have been logged out.'
    };
  };
  routes.get('/logout', async (request, reply) => {
    if (isCrossSiteRequest(request.headers)) {
      return reply.code(403).send({
        code: 'Forbidden',
        message: 'Log out from JupyterLab: another site asked for this logout'
      });
    }
    return logout();
  });
  routes.post('/logout', logout);

  routes.get('/whoami', async (request, reply) => {
    const outcome = await withToken(
      context,
      request,
      reply,
      { resourceServer: AUTH_RESOURCE_SERVER },
      token => context.auth.userinfo(token)
    );
    if (!outcome.ok) return reply;
    const info = outcome.value;
    const identities = info.identity_set?.length ? info.identity_set : [info];
    const answer: WhoAmIResponse = {
      name: info.name ?? '',
      preferred_username: info.preferred_username ?? info.username ?? '',
      identities: identities.map(identity => ({
        id: identity.sub,
        username: identity.username,
        identity_provider_display_name: identity.identity_provider_display_name ?? ''
      }))
    };
    return answer;
  });

  routes.get(
    '/get_dependent_submission_scope',
    { schema: { querystring: dependentScopeQuery } },
    async (request): Promise<DependentScopeResponse> => {
      const gcsScope = dataAccessScope(request.query.collection.toLowerCase());
      const submissionScope = config.transferSubmission?.scope ?? null;
      // Without a custom service the dependent scope is Transfer's own.
      const full = submissionScope
        ? withDependencies(submissionScope, [gcsScope])
        : withDependencies(TRANSFER_ALL_SCOPE, [gcsScope]);
      return {
        scope: full,
        base_submission_service_scope: submissionScope,
        gcs_scope: gcsScope,
        full_scope: full
      };
    }
  );
}

type LoginOutcome = { ok: true } | { ok: false; status: number; code: string; message: string };

async function completeLogin(
  context: ShimContext,
  code: string,
  login: PendingLogin
): Promise<LoginOutcome> {
  try {
    const response = await context.auth.exchangeCode(code, login.verifier, login.redirectUri);
    await context.tokens.storeResponse(response);
    context.lastLogin = new Date(context.now()).toISOString();
    context.log.info('Login completed');
    return { ok: true };
  } catch (error) {
    if (error instanceof GlobusApiError) {
      context.log.warn({ code: error.code, status: error.status }, 'Code exchange refused');
      return { ok: false, status: error.status, code: error.code, message: error.message };
    }
    if (error instanceof GlobusNetworkError) {
      return { ok: false, status: 502, code: 'GlobusUnreachable', message: error.message };
    }
    throw error;
  }
}

function sendPage(
  reply: FastifyReply,
  status: number,
  result: 'success' | 'error',
  message?: string
): FastifyReply {
  const page = loginCompletePage(result, message);
  return reply
    .code(status)
    .header('content-security-policy', page.contentSecurityPolicy)
    .header('cache-control', 'no-store')
    .header('referrer-policy', 'no-referrer')
    .type('text/html; charset=utf-8')
    .send(page.html);
}
