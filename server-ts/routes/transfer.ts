/**
 * Globus Transfer routes: `/endpoint_search`, `/endpoint_detail`, `/operation_ls`,
 * `/endpoint_autoactivate`, `/submit_transfer` (the original's handlers/api/transfer.py)
 * and the new `/submission_id`, `/bookmarks`, `/tasks`, `/task/{id}`, `/task/{id}/cancel`,
 * `/task/{id}/event_list`.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { TransferRequest } from '../../src/api/types';
import { relayGlobus, sendGlobus, withToken, type ShimContext } from '../context';
import { translateTransfer } from '../paths';
import {
  autoactivateBody,
  bookmarkBody,
  endpointDetailQuery,
  endpointSearchQuery,
  eventListQuery,
  idParams,
  operationLsQuery,
  taskListQuery,
  transferBody
} from '../schemas';
import { TRANSFER_RESOURCE_SERVER } from '../scopes';
import { submitToCustomService, submitToGlobus } from '../submission';

const TRANSFER = { resourceServer: TRANSFER_RESOURCE_SERVER };

export function registerTransferRoutes(app: FastifyInstance, context: ShimContext): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const { transfer } = context;
  const relay = relayGlobus.bind(null, context);

  routes.get(
    '/endpoint_search',
    { schema: { querystring: endpointSearchQuery } },
    async (request, reply) => {
      // The original hides non-functional endpoints unless asked (changelog 1.0.0b3).
      const query = { filter_non_functional: false, ...request.query };
      return relay(request, reply, TRANSFER, token => transfer.endpointSearch(token, query));
    }
  );

  routes.get(
    '/endpoint_detail',
    { schema: { querystring: endpointDetailQuery } },
    async (request, reply) => {
      const id = request.query.endpoint;
      return relay(request, reply, { ...TRANSFER, collectionId: id }, t =>
        transfer.endpoint(t, id)
      );
    }
  );

  routes.get(
    '/operation_ls',
    { schema: { querystring: operationLsQuery } },
    async (request, reply) => {
      const { endpoint, ...params } = request.query;
      // The original hides hidden files by default (changelog 1.0.0b3: show_hidden=0).
      const query = { show_hidden: false, ...params };
      return relay(request, reply, { ...TRANSFER, collectionId: endpoint }, token =>
        transfer.ls(token, endpoint, query)
      );
    }
  );

  routes.post(
    '/endpoint_autoactivate',
    { schema: { body: autoactivateBody } },
    async (request, reply) => {
      const id = request.body.endpoint_id;
      return relay(request, reply, { ...TRANSFER, collectionId: id }, t =>
        transfer.autoactivate(t, id)
      );
    }
  );

  // The frontend takes one id per transfer document and keeps it across its own retries, so
  // a submission whose answer was lost on the way to the browser is never made twice.
  routes.get('/submission_id', async (request, reply) => {
    return relay(request, reply, TRANSFER, t => transfer.submissionIdDocument(t));
  });

  routes.post('/submit_transfer', { schema: { body: transferBody } }, async (request, reply) => {
    const { DATA_TYPE: _ignored, ...body } = request.body;
    const translated: TransferRequest = translateTransfer(body, context.config);
    const local = context.config.collectionId;
    // Consent and web-app links concern the remote side: the local one is the user's own.
    const remote =
      translated.source_endpoint.toLowerCase() === local
        ? translated.destination_endpoint
        : translated.source_endpoint;
    const submission = context.config.transferSubmission;
    if (submission) {
      const outcome = await withToken(
        context,
        request,
        reply,
        { resourceServer: resourceServerOfScope(context, submission.scope), collectionId: remote },
        globusToken =>
          submitToCustomService(
            {
              config: submission,
              dispatcher: context.dispatcher,
              globusToken,
              hubToken: context.config.hub?.apiToken ?? null,
              redact: text => redactSecrets(context, text)
            },
            translated,
            translated.submission_id ?? randomUUID()
          )
      );
      return outcome.ok ? reply.code(200).send(outcome.value) : reply;
    }
    const outcome = await withToken(
      context,
      request,
      reply,
      { ...TRANSFER, collectionId: remote },
      token => submitToGlobus(transfer, token, translated)
    );
    if (outcome.ok) {
      context.log.info({ status: outcome.value.status }, 'Transfer submitted');
      // Transfer answers 202 (or 200 for a Duplicate); the original always answered 200.
      return sendGlobus(reply, { status: 200, text: outcome.value.text });
    }
    return reply;
  });

  routes.get('/bookmarks', async (request, reply) => {
    return relay(request, reply, TRANSFER, t => transfer.bookmarks(t));
  });

  routes.post('/bookmarks', { schema: { body: bookmarkBody } }, async (request, reply) => {
    return relay(request, reply, { ...TRANSFER, collectionId: request.body.endpoint_id }, t =>
      transfer.createBookmark(t, request.body)
    );
  });

  routes.delete(
    '/bookmarks/:id',
    { schema: { params: idParams('bookmark') } },
    async (request, reply) => {
      return relay(request, reply, TRANSFER, t => transfer.deleteBookmark(t, request.params.id));
    }
  );

  routes.get('/tasks', { schema: { querystring: taskListQuery } }, async (request, reply) => {
    return relay(request, reply, TRANSFER, t => transfer.tasks(t, request.query));
  });

  routes.get('/task/:id', { schema: { params: idParams('task') } }, async (request, reply) => {
    return relay(request, reply, TRANSFER, t => transfer.task(t, request.params.id));
  });

  routes.post(
    '/task/:id/cancel',
    { schema: { params: idParams('task') } },
    async (request, reply) => {
      return relay(request, reply, TRANSFER, t => transfer.cancelTask(t, request.params.id));
    }
  );

  routes.get(
    '/task/:id/event_list',
    { schema: { params: idParams('task'), querystring: eventListQuery } },
    async (request, reply) => {
      return relay(request, reply, TRANSFER, t =>
        transfer.taskEvents(t, request.params.id, request.query)
      );
    }
  );
}

/**
 * The resource server whose stored token carries the custom submission scope (the
 * original's `get_token_by_scope`); if none does, a name no token is stored under, so the
 * user is asked to log in (again, with that scope).
 */
function resourceServerOfScope(context: ShimContext, scope: string): string {
  const holder = context.tokens.all().find(token => token.scope.split(' ').includes(scope));
  return holder?.resource_server ?? `custom-submission:${scope}`;
}

/** No token ever leaves in a response body or a log line, even if a service echoes one. */
export function redactSecrets(context: ShimContext, text: string): string {
  let result = text;
  for (const token of context.tokens.all()) {
    for (const secret of [token.access_token, token.refresh_token]) {
      if (secret) result = result.split(secret).join('[redacted]');
    }
  }
  const hub = context.config.hub?.apiToken;
  return hub ? result.split(hub).join('[redacted]') : result;
}
