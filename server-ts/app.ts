/**
 * The shim's Fastify app: `buildApp(config, deps)` wires configuration, the Globus
 * clients, the token store, access control, CSRF protection, validation and the routes.
 * The CLI (cli.ts) listens with it; tests run it in-process over real HTTP.
 */
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import {
  hasZodFastifySchemaValidationErrors,
  serializerCompiler,
  validatorCompiler
} from 'fastify-type-provider-zod';
import type { DestinationStream } from 'pino';
import type { Dispatcher } from 'undici';
import type { InvalidInputBody, UnexpectedErrorBody } from '../src/api/types';
import type { ShimConfig } from './config';
import type { ShimContext } from './context';
import { GlobusAuth } from './globus/auth';
import { GlobusHttp, GlobusNetworkError } from './globus/http';
import { TransferApi } from './globus/transfer';
import { createLogger } from './log';
import { PendingLogins } from './login';
import { InvalidInputError } from './paths';
import { registerAuthRoutes } from './routes/auth';
import { registerTransferRoutes } from './routes/transfer';
import { csrfProblem, hasValidServerToken } from './security';
import { SubmissionServiceError } from './submission';
import { TokenStore } from './tokens';
import type { HubTokenImport } from './hub/globus-data';

/** JSON bodies only, and small: a transfer of thousands of items fits easily. */
export const BODY_LIMIT_BYTES = 4 * 1024 * 1024;

export interface AppDeps {
  /** Milliseconds since the epoch; tests move it to expire tokens and login states. */
  now?: () => number;
  /** Where log lines go (default stderr: stdout carries the CLI's listening line). */
  logStream?: DestinationStream;
  /** HTTP dispatcher for Globus and the custom submission service. */
  dispatcher?: Dispatcher;
  /** Waits between retries of a transfer submission. */
  retryDelaysMs?: number[];
  /**
   * TCP mode's secret: every request except `GET /` must send `Authorization: token <it>`.
   * Null in Unix-socket mode, where jupyter-server-proxy has authenticated the request.
   */
  accessToken?: string | null;
  /** What the hub handed over (cli.ts reads it from the environment once, at start). */
  hubTokens?: HubTokenImport;
}

export interface ShimApp {
  app: FastifyInstance;
  context: ShimContext;
}

export async function buildApp(config: ShimConfig, deps: AppDeps = {}): Promise<ShimApp> {
  const now = deps.now ?? Date.now;
  // Our own logger rather than Fastify's: Fastify would build a child logger for every
  // request, which costs throughput and is not needed (request logging is off anyway).
  const log = createLogger(config.logLevel, deps.logStream);
  const app = Fastify({
    logger: false,
    bodyLimit: BODY_LIMIT_BYTES,
    // The Host header is what absolute URLs are built from; Fastify must not rewrite it.
    trustProxy: false,
    routerOptions: { ignoreTrailingSlash: true }
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // JSON only: a cross-site form post (text/plain, urlencoded) is refused before any route.
  app.removeContentTypeParser(['text/plain']);

  const http = new GlobusHttp({
    authBaseUrl: config.authBaseUrl,
    transferBaseUrl: config.transferBaseUrl,
    dispatcher: deps.dispatcher,
    retryDelaysMs: deps.retryDelaysMs
  });
  const auth = new GlobusAuth(http, config.clientId);
  const tokens = new TokenStore({
    path: config.tokenStoragePath,
    refreshTokens: config.refreshTokens,
    auth,
    now,
    log: { warn: message => log.warn(message) }
  });
  tokens.load();
  for (const notice of deps.hubTokens?.notices ?? []) log[notice.level](notice.message);
  if (deps.hubTokens) tokens.adopt(deps.hubTokens.tokens);
  const context: ShimContext = {
    config,
    http,
    dispatcher: http.dispatcher,
    auth,
    transfer: new TransferApi(http),
    tokens,
    logins: new PendingLogins(now),
    now,
    log,
    lastLogin: null
  };
  app.addHook('onClose', async () => http.close());

  const accessToken = deps.accessToken ?? null;
  app.addHook('onRequest', async (request, reply) => {
    const path = request.url.split('?')[0];
    if (request.method === 'GET' && path === '/') return;
    if (accessToken !== null && !hasValidServerToken(request.headers, accessToken)) {
      return reply.code(403).send(forbidden('Missing or wrong "Authorization: token" header'));
    }
    const problem = csrfProblem(request.method, request.headers);
    if (problem) return reply.code(403).send(forbidden(problem));
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (hasZodFastifySchemaValidationErrors(error)) {
      return reply.code(400).send(invalidInput(validationMessage(error)));
    }
    if (error instanceof InvalidInputError)
      return reply.code(400).send(invalidInput(error.message));
    if (error instanceof SubmissionServiceError) {
      log.warn(error.message);
      const body: UnexpectedErrorBody = { code: 'SubmissionServiceError', message: error.message };
      return reply.code(503).send(body);
    }
    if (error instanceof GlobusNetworkError) {
      log.warn(error.message);
      return reply.code(502).send({
        kind: 'globus_error',
        error: 'GlobusUnreachable',
        details: error.message,
        login_required: false,
        requires_user_intervention: false
      });
    }
    // Fastify's own client errors: bad JSON, wrong content type, body too large…
    if (typeof error.statusCode === 'number' && error.statusCode < 500) {
      const status = error.statusCode === 413 || error.statusCode === 415 ? error.statusCode : 400;
      return reply.code(status).send(invalidInput(error.message));
    }
    log.error({ err: error, route: request.routeOptions.url }, 'Unexpected error');
    const body: UnexpectedErrorBody = {
      code: 'UnexpectedError',
      message: 'Unexpected error in the Globus JupyterLab server; details are in its log.'
    };
    return reply.code(500).send(body);
  });

  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send({
      code: 'NotFound',
      message: `No route ${request.method} ${request.url.split('?')[0]}`
    })
  );

  // The readiness probe of jupyter-server-proxy: any answer means ready; it reveals nothing.
  app.get('/', async () => ({ status: 'ok' }));
  registerAuthRoutes(app, context);
  registerTransferRoutes(app, context);
  return { app, context };
}

function forbidden(message: string): { code: 'Forbidden'; message: string } {
  return { code: 'Forbidden', message };
}

function invalidInput(message: string): InvalidInputBody {
  return { code: 'InvalidInput', message };
}

function validationMessage(
  error: FastifyError & { validation: Array<{ instancePath: string; message?: string }> }
): string {
  const where = error.validationContext ?? 'request';
  return error.validation
    .map(issue => {
      const field = issue.instancePath.replace(/^\//, '').replace(/\//g, '.');
      return field
        ? `${where} field "${field}" ${issue.message ?? 'is invalid'}`
        : `${where} ${issue.message ?? 'is invalid'}`;
    })
    .join('; ');
}
