/** Builds the Fastify app: Auth at `/v2/...` and Transfer at `/v0.10/...` on one origin. */
import formbody from '@fastify/formbody';
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import { registerAuthorize } from './auth/authorize';
import { registerToken } from './auth/token';
import { registerUserinfo } from './auth/userinfo';
import type { SandboxContext } from './context';
import { FaultInjector, faultHook } from './faults';
import { pathOf } from './http';
import { registerBookmarks } from './transfer/bookmarks';
import { registerEndpoints } from './transfer/endpoints';
import { TransferError, sendTransferError } from './transfer/errors';
import { registerLs } from './transfer/ls';
import { registerTasks } from './transfer/tasks';
import { sleep } from './util';

export function buildApp(
  ctx: SandboxContext,
  faults: FaultInjector,
  responseDelayMs: number
): FastifyInstance {
  const app = Fastify({ logger: false, forceCloseConnections: true });

  // Legacy POSTs (autoactivate, cancel) may carry an empty JSON body.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, text, done) => {
    const source = typeof text === 'string' ? text : text.toString('utf8');
    if (source.trim() === '') return done(null, undefined);
    try {
      done(null, JSON.parse(source));
    } catch {
      done(
        new TransferError(400, 'ClientError.BadRequest', 'Request body is not valid JSON'),
        undefined
      );
    }
  });
  app.register(formbody);

  if (responseDelayMs > 0) app.addHook('onRequest', async () => sleep(responseDelayMs));
  app.addHook('onRequest', faultHook(faults));

  app.setErrorHandler((error: FastifyError | TransferError, request, reply) => {
    const isTransfer = pathOf(request.url).startsWith('/v0.10');
    if (error instanceof TransferError) {
      if (isTransfer) return sendTransferError(reply, request.url, error);
      return reply
        .code(error.status)
        .send({ error: 'invalid_request', error_description: error.message });
    }
    const status = error.statusCode && error.statusCode >= 400 ? error.statusCode : 500;
    if (isTransfer) {
      return sendTransferError(
        reply,
        request.url,
        new TransferError(
          status,
          status >= 500 ? 'InternalError' : 'ClientError.BadRequest',
          error.message
        )
      );
    }
    return reply.code(status).send({
      error: status >= 500 ? 'server_error' : 'invalid_request',
      error_description: error.message
    });
  });

  app.setNotFoundHandler((request, reply) => {
    if (pathOf(request.url).startsWith('/v0.10')) {
      return sendTransferError(
        reply,
        request.url,
        new TransferError(
          404,
          'ClientError.NotFound',
          `No such resource: ${request.method} ${pathOf(request.url)}`
        )
      );
    }
    return reply
      .code(404)
      .send({ error: 'not_found', error_description: `No such resource: ${pathOf(request.url)}` });
  });

  registerAuthorize(app, ctx);
  registerToken(app, ctx);
  registerUserinfo(app, ctx);
  registerEndpoints(app, ctx);
  registerLs(app, ctx);
  registerBookmarks(app, ctx);
  registerTasks(app, ctx);
  return app;
}
