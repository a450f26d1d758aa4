/**
 * What every route needs: configuration, the Globus clients, the token store, and the
 * helper that calls Globus with the user's token and turns failures into answers.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { Dispatcher } from 'undici';
import { baseScopes, type ShimConfig } from './config';
import { GlobusAuth } from './globus/auth';
import { mapGlobusError, notLoggedIn, type MappedError } from './globus/errors';
import { GlobusApiError, type GlobusHttp, type GlobusResponse } from './globus/http';
import { TransferApi } from './globus/transfer';
import { PendingLogins } from './login';
import { publicBase, type PublicBase } from './public-url';
import { AUTH_RESOURCE_SERVER } from './scopes';
import { TokenStore } from './tokens';

export interface ShimContext {
  config: ShimConfig;
  http: GlobusHttp;
  dispatcher: Dispatcher;
  auth: GlobusAuth;
  transfer: TransferApi;
  tokens: TokenStore;
  logins: PendingLogins;
  now: () => number;
  log: Logger;
  /** ISO time of the last completed login (the original kept it in memory too). */
  lastLogin: string | null;
}

export function requestBase(context: ShimContext, request: FastifyRequest): PublicBase {
  return publicBase(request.headers, context.config.publicPrefix);
}

/** Sends a Globus document through untouched (see globus/transfer.ts). */
export function sendGlobus(reply: FastifyReply, response: GlobusResponse): FastifyReply {
  return reply.code(response.status).type('application/json; charset=utf-8').send(response.text);
}

export function sendMapped(reply: FastifyReply, mapped: MappedError): FastifyReply {
  return reply.code(mapped.status).send(mapped.body);
}

export interface CallOptions {
  resourceServer: string;
  /** The collection the call concerns: consent and web-app links name it. */
  collectionId?: string;
}

/**
 * Runs `call` with a valid token for the resource server. Globus's 401 gets one refresh
 * and retry (or drops the token); every Globus error becomes the original's answer.
 * Resolves with the reply already sent, or with the call's result.
 */
export async function withToken<T>(
  context: ShimContext,
  request: FastifyRequest,
  reply: FastifyReply,
  options: CallOptions,
  call: (accessToken: string) => Promise<T>
): Promise<{ ok: true; value: T } | { ok: false }> {
  let token = await context.tokens.get(options.resourceServer);
  if (!token) {
    sendMapped(reply, notLoggedIn(requestBase(context, request)));
    return { ok: false };
  }
  for (let attempt = 1; ; attempt++) {
    try {
      return { ok: true, value: await call(token.access_token) };
    } catch (error) {
      if (!(error instanceof GlobusApiError)) throw error;
      if (error.status === 401 && attempt === 1) {
        const renewed = await context.tokens.rejected(options.resourceServer, token.access_token);
        if (renewed) {
          token = renewed;
          continue;
        }
      }
      const mapped = await mapGlobusError(error, {
        collectionId: options.collectionId,
        base: requestBase(context, request),
        baseScopes: baseScopes(context.config),
        submissionScope: context.config.transferSubmission?.scope ?? null,
        identitiesInDomains: domains => identitiesInDomains(context, domains)
      });
      if (mapped.status >= 500) {
        context.log.warn({ code: error.code, status: error.status }, 'Globus call failed');
      }
      sendMapped(reply, mapped);
      return { ok: false };
    }
  }
}

/** `withToken` for a Globus call whose document goes back to the client as it came. */
export async function relayGlobus(
  context: ShimContext,
  request: FastifyRequest,
  reply: FastifyReply,
  options: CallOptions,
  call: (accessToken: string) => Promise<GlobusResponse>
): Promise<FastifyReply> {
  const outcome = await withToken(context, request, reply, options, call);
  return outcome.ok ? sendGlobus(reply, outcome.value) : reply;
}

/** The user's linked identities whose username is in one of `domains` (GJL HA handling). */
async function identitiesInDomains(context: ShimContext, domains: string[]): Promise<string[]> {
  const token = await context.tokens.get(AUTH_RESOURCE_SERVER);
  if (!token) return [];
  try {
    const info = await context.auth.userinfo(token.access_token);
    const identities = info.identity_set?.length ? info.identity_set : [info];
    const wanted = domains.map(d => d.toLowerCase());
    return identities
      .filter(identity => {
        const domain = identity.username?.split('@').pop()?.toLowerCase();
        return domain !== undefined && wanted.includes(domain);
      })
      .map(identity => identity.sub);
  } catch (error) {
    context.log.warn({ err: error }, 'Could not read the user identities for a session login');
    return [];
  }
}
