/**
 * `GET /submission_id`, `POST /transfer`, `GET /task_list`, `GET /task/{id}`,
 * `POST /task/{id}/cancel`, `GET /task/{id}/event_list`,
 * `GET /task/{id}/successful_transfers` (globus-api.md §2.5–2.10).
 */
import type { FastifyInstance } from 'fastify';
import type { SandboxContext } from '../context';
import { query } from '../http';
import { newUuid, requestId } from '../util';
import { checkCollectionAccess, findCollection } from './collections';
import { runTask } from './copier';
import { TransferError, badRequest, notFound } from './errors';
import { requireTransferToken } from './guard';
import { intParam, offsetPage, offsetPaging } from './paging';
import type { TaskDocument, TaskRecord } from './store';
import {
  describeZodError,
  transferDocumentSchema,
  type TransferDocument
} from './submission-schema';

/** Key order must not make two equal documents differ. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) =>
      a.localeCompare(b)
    );
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

function transferResult(task: TaskRecord, code: 'Accepted' | 'Duplicate') {
  const id = task.doc.task_id;
  return {
    DATA_TYPE: 'transfer_result',
    code,
    message:
      code === 'Accepted'
        ? 'The transfer has been accepted and a task has been created and queued for execution'
        : 'A transfer with id ' + task.submission_id + ' was already submitted',
    request_id: requestId(),
    resource: '/transfer',
    submission_id: task.submission_id,
    task_id: id,
    task_link: {
      DATA_TYPE: 'link',
      href: `task/${id}?format=json`,
      rel: 'related',
      resource: 'task',
      title: 'related task'
    }
  };
}

const CANCEL_MESSAGES = {
  TaskComplete: 'The task completed before the cancel request was processed.',
  // PYFX cancel_task.py.
  Canceled: 'The task has been cancelled successfully.'
} as const;

function cancelResult(task: TaskRecord, code: keyof typeof CANCEL_MESSAGES) {
  return {
    DATA_TYPE: 'result',
    code,
    message: CANCEL_MESSAGES[code],
    resource: `/task/${task.doc.task_id}/cancel`,
    request_id: requestId()
  };
}

/** `type:TRANSFER/status:ACTIVE,INACTIVE/label:~foo/request_time:start,end/task_id:a,b` (§2.7). */
function taskFilter(filter: string | undefined): (doc: TaskDocument) => boolean {
  if (!filter) return () => true;
  const tests = filter.split('/').map(clause => {
    const m = /^([a-z_]+):(.*)$/.exec(clause);
    if (!m) throw badRequest(`Invalid filter clause '${clause}'`);
    const [, field, value] = m;
    const values = value.split(',');
    switch (field) {
      case 'type':
      case 'status':
      case 'task_id':
        return (d: TaskDocument) => values.includes(String(d[field]));
      case 'label':
        return value.startsWith('~')
          ? (d: TaskDocument) =>
              (d.label ?? '').toLowerCase().includes(value.slice(1).toLowerCase())
          : (d: TaskDocument) => d.label === value;
      case 'request_time': {
        const [start, end] = values.map(v => (v ? Date.parse(v) : NaN));
        return (d: TaskDocument) => {
          const t = Date.parse(d.request_time);
          return (Number.isNaN(start) || t >= start) && (Number.isNaN(end) || t <= end);
        };
      }
      default:
        throw badRequest(`Unsupported task_list filter field '${field}'`);
    }
  });
  return doc => tests.every(t => t(doc));
}

export function registerTasks(app: FastifyInstance, ctx: SandboxContext): void {
  const ownTask = (account: string, id: string): TaskRecord => {
    const task = ctx.transfer.tasks.get(id);
    // A foreign task is indistinguishable from a missing one (mem, globus-api.md §2.7).
    if (!task || task.account !== account) throw notFound(`Task ${id} not found`);
    return task;
  };

  app.get('/v0.10/submission_id', async request => {
    requireTransferToken(request, ctx);
    const value = newUuid();
    ctx.transfer.issuedSubmissionIds.add(value);
    return { DATA_TYPE: 'submission_id', value };
  });

  app.post('/v0.10/transfer', async (request, reply) => {
    const token = requireTransferToken(request, ctx);
    const parsed = transferDocumentSchema.safeParse(request.body ?? {});
    if (!parsed.success) throw badRequest(describeZodError(parsed.error));
    const req: TransferDocument = parsed.data;
    if (req.DATA.length === 0) {
      // PYFX submit_transfer `failure`.
      throw badRequest(
        'A transfer requires at least one item',
        'ClientError.BadRequest.NoTransferItems'
      );
    }
    // Idempotency: the same submission_id names the same task (globus-api.md §2.6).
    const key = `${token.account}:${req.submission_id.toLowerCase()}`;
    const earlier = ctx.transfer.submissions.get(key);
    if (earlier) {
      const task = ctx.transfer.tasks.get(earlier) as TaskRecord;
      if (canonical(task.request) !== canonical(req)) {
        throw new TransferError(
          409,
          'Conflict',
          `submission_id ${req.submission_id} was already used for a different transfer`
        );
      }
      return reply.code(202).send(transferResult(task, 'Duplicate'));
    }
    const src = findCollection(ctx, req.source_endpoint);
    const dst = findCollection(ctx, req.destination_endpoint);
    // GJL runs the same collection error handlers on submit_transfer (globus-api.md §2.14).
    checkCollectionAccess(ctx, token, src);
    checkCollectionAccess(ctx, token, dst);
    const identity = ctx.auth.identityOrThrow(token.identity_id);
    const now = ctx.clock.now();
    const doc: TaskDocument = {
      DATA_TYPE: 'task',
      task_id: newUuid(),
      type: 'TRANSFER',
      status: 'ACTIVE',
      label: req.label ?? null,
      command: 'API 0.10',
      owner_id: identity.id,
      username: identity.username,
      request_time: ctx.clock.iso(now),
      completion_time: null,
      // Without a deadline Transfer sets one a day out (PYFX task fixtures show +1 day).
      deadline: req.deadline
        ? ctx.clock.iso(Date.parse(req.deadline))
        : ctx.clock.iso(now + 86400000),
      source_endpoint: src.display_name,
      source_endpoint_id: src.id,
      source_endpoint_display_name: src.display_name,
      destination_endpoint: dst.display_name,
      destination_endpoint_id: dst.id,
      destination_endpoint_display_name: dst.display_name,
      sync_level: req.sync_level ?? null,
      // verify_checksum defaults to true upstream (PYT get_task fixtures).
      verify_checksum: req.verify_checksum ?? true,
      preserve_timestamp: req.preserve_timestamp ?? false,
      encrypt_data: req.encrypt_data ?? false,
      delete_destination_extra: req.delete_destination_extra ?? false,
      skip_source_errors: req.skip_source_errors ?? false,
      fail_on_quota_errors: req.fail_on_quota_errors ?? false,
      recursive_symlinks: req.recursive_symlinks ?? 'ignore',
      filter_rules: req.filter_rules ?? null,
      is_ok: true,
      is_paused: false,
      nice_status: 'Queued',
      nice_status_short_description: 'Queued',
      nice_status_details: null,
      nice_status_expires_in: -1,
      fatal_error: null,
      canceled_by_admin: null,
      canceled_by_admin_message: null,
      history_deleted: false,
      files: 0,
      directories: 0,
      symlinks: 0,
      files_transferred: 0,
      files_skipped: 0,
      bytes_transferred: 0,
      bytes_checksummed: 0,
      effective_bytes_per_second: 0,
      faults: 0,
      subtasks_total: 0,
      subtasks_succeeded: 0,
      subtasks_failed: 0,
      subtasks_pending: 0,
      subtasks_retrying: 0,
      subtasks_canceled: 0,
      subtasks_expired: 0,
      subtasks_skipped_errors: 0
    };
    const task: TaskRecord = {
      doc,
      account: token.account,
      submission_id: req.submission_id.toLowerCase(),
      // Kept as sent: a repeated submission is compared against it.
      request: req,
      events: [],
      successful: [],
      cancelRequested: false,
      done: Promise.resolve()
    };
    ctx.transfer.tasks.set(doc.task_id, task);
    ctx.transfer.submissions.set(key, doc.task_id);
    ctx.transfer.markUsed(token.account, src.id, now);
    ctx.transfer.markUsed(token.account, dst.id, now + 1);
    task.done = runTask(ctx, task, src, dst);
    // 202 per the Transfer docs (mem); the PY fixture uses 200 — clients accept any 2xx.
    return reply.code(202).send(transferResult(task, 'Accepted'));
  });

  app.get('/v0.10/task_list', async request => {
    const token = requireTransferToken(request, ctx);
    const q = query(request);
    const paging = offsetPaging(q);
    const keep = taskFilter(q.filter);
    const asc = /request_time\s+ASC/i.test(q.orderby ?? '');
    // request_time has one-second resolution: ties keep submission order (reversed for DESC).
    const submitted = ctx.transfer
      .tasksOf(token.account)
      .map(t => t.doc)
      .filter(keep);
    const all = (asc ? submitted : submitted.reverse()).sort(
      (a, b) => (asc ? 1 : -1) * a.request_time.localeCompare(b.request_time)
    );
    return offsetPage('task_list', all, paging);
  });

  app.get<{ Params: { id: string } }>('/v0.10/task/:id', async request => {
    const token = requireTransferToken(request, ctx);
    return ownTask(token.account, request.params.id).doc;
  });

  app.post<{ Params: { id: string } }>('/v0.10/task/:id/cancel', async request => {
    const token = requireTransferToken(request, ctx);
    const task = ownTask(token.account, request.params.id);
    // (mem) globus-api.md §2.8: a task that already ended is never "Canceled" again.
    if (task.doc.status !== 'ACTIVE' && task.doc.status !== 'INACTIVE') {
      return cancelResult(task, 'TaskComplete');
    }
    task.cancelRequested = true;
    await task.done;
    return cancelResult(
      task,
      task.doc.fatal_error?.code === 'CANCELED' ? 'Canceled' : 'TaskComplete'
    );
  });

  app.get<{ Params: { id: string } }>('/v0.10/task/:id/event_list', async request => {
    const token = requireTransferToken(request, ctx);
    const task = ownTask(token.account, request.params.id);
    const q = query(request);
    const paging = offsetPaging(q);
    let events = task.events;
    if (q.filter) {
      const m = /^is_error:([01]|true|false)$/.exec(q.filter);
      if (!m)
        throw badRequest(`Unsupported event_list filter '${q.filter}' (supported: is_error:1|0)`);
      const wanted = m[1] === '1' || m[1] === 'true';
      events = events.filter(e => e.is_error === wanted);
    }
    return offsetPage('event_list', events, paging);
  });

  app.get<{ Params: { id: string } }>('/v0.10/task/:id/successful_transfers', async request => {
    const token = requireTransferToken(request, ctx);
    const task = ownTask(token.account, request.params.id);
    const marker = intParam(query(request).marker, 'marker', 0, Number.MAX_SAFE_INTEGER);
    const pageSize = 100;
    const page = task.successful.slice(marker, marker + pageSize);
    const next = marker + pageSize < task.successful.length ? marker + pageSize : null;
    return { DATA_TYPE: 'successful_transfers', marker, next_marker: next, DATA: page };
  });
}
