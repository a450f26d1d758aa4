/**
 * zod schemas of every route's input, typed against the shared contract
 * (src/api/types.ts) with `satisfies`, so the shim and the frontend cannot drift apart.
 */
import { z } from 'zod';
import type {
  AutoactivateRequest,
  BookmarkCreateRequest,
  EndpointSearchQuery,
  OperationLsQuery,
  TaskListQuery,
  TransferRequest
} from '../src/api/types';

const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

export const globusId = (what: string) =>
  z.string({ error: `${what} is required` }).regex(UUID, `must be a Globus ${what} UUID`);

/** Query booleans as JupyterLab and the original's frontend send them. */
const queryBoolean = z
  .enum(['true', 'false', '1', '0', 'True', 'False'], { error: 'must be true or false' })
  .transform(value => value === 'true' || value === 'True' || value === '1');

const queryInt = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`));

const text = (max: number) => z.string().max(max, `must be at most ${max} characters`);

/** `GET /endpoint_search` (limits: globus-api.md §2.1). */
export const endpointSearchQuery = z.object({
  filter_fulltext: text(1000).optional(),
  filter_scope: z
    .enum([
      'all',
      'my-endpoints',
      'my-gcp-endpoints',
      'recently-used',
      'in-use',
      'shared-by-me',
      'shared-with-me',
      'administered-by-me'
    ])
    .optional(),
  filter_owner_id: globusId('identity').optional(),
  filter_host_endpoint: globusId('endpoint').optional(),
  filter_non_functional: queryBoolean.optional(),
  limit: queryInt(1, 100).optional(),
  offset: queryInt(0, 999).optional()
}) satisfies z.ZodType<EndpointSearchQuery>;

/** `GET /operation_ls` (§2.4: limit up to 100 000). */
export const operationLsQuery = z.object({
  endpoint: globusId('collection'),
  path: text(4096).optional(),
  show_hidden: queryBoolean.optional(),
  limit: queryInt(1, 100_000).optional(),
  offset: queryInt(0, 100_000).optional()
}) satisfies z.ZodType<OperationLsQuery>;

/** `GET /endpoint_detail`: the original's `endpoint`, or `endpoint_id` (its older name). */
export const endpointDetailQuery = z
  .object({
    endpoint: globusId('collection').optional(),
    endpoint_id: globusId('collection').optional()
  })
  .refine(q => q.endpoint ?? q.endpoint_id, {
    error: 'endpoint is required',
    path: ['endpoint']
  })
  .transform(q => ({ endpoint: (q.endpoint ?? q.endpoint_id) as string }));

export const dependentScopeQuery = z.object({ collection: globusId('collection') });

export const autoactivateBody = z.object({
  endpoint_id: globusId('endpoint')
}) satisfies z.ZodType<AutoactivateRequest>;

const transferItem = z.strictObject({
  DATA_TYPE: z.literal('transfer_item').optional(),
  source_path: text(4096).min(1, 'must not be empty'),
  destination_path: text(4096).min(1, 'must not be empty'),
  recursive: z.boolean({ error: 'must be true or false' })
});

const bool = z.boolean({ error: 'must be true or false' }).optional();

/** `POST /submit_transfer`: the original's keys plus the transfer options (§2.6). */
export const transferBody = z.strictObject({
  DATA_TYPE: z.literal('transfer').optional(),
  source_endpoint: globusId('collection'),
  destination_endpoint: globusId('collection'),
  DATA: z
    .array(transferItem, { error: 'must be a list of transfer items' })
    .min(1, 'must name at least one item')
    .max(10_000, 'must have at most 10000 items'),
  label: text(128).optional(),
  submission_id: globusId('submission').optional(),
  sync_level: z
    .enum(['exists', 'size', 'mtime', 'checksum'], {
      error: 'must be one of exists, size, mtime, checksum'
    })
    .optional(),
  verify_checksum: bool,
  preserve_timestamp: bool,
  encrypt_data: bool,
  delete_destination_extra: bool,
  skip_source_errors: bool,
  fail_on_quota_errors: bool,
  deadline: z
    .string()
    .refine(value => !Number.isNaN(Date.parse(value)), 'must be an ISO 8601 date and time')
    .optional(),
  notify_on_succeeded: bool,
  notify_on_failed: bool,
  notify_on_inactive: bool
}) satisfies z.ZodType<TransferRequest>;

export const bookmarkBody = z.object({
  name: text(128).min(1, 'must not be empty'),
  endpoint_id: globusId('collection'),
  path: text(4096).regex(/^\//, 'must be an absolute path')
}) satisfies z.ZodType<BookmarkCreateRequest>;

export const idParams = (what: string) => z.object({ id: globusId(what) });

/** `GET /tasks`: `filter_status` is a comma list of Transfer statuses (§2.7). */
export const taskListQuery = z.object({
  limit: queryInt(1, 1000).optional(),
  offset: queryInt(0, 100_000).optional(),
  filter_status: z
    .string()
    .regex(
      /^(ACTIVE|INACTIVE|SUCCEEDED|FAILED)(,(ACTIVE|INACTIVE|SUCCEEDED|FAILED))*$/,
      'must be a comma list of ACTIVE, INACTIVE, SUCCEEDED, FAILED'
    )
    .optional()
}) satisfies z.ZodType<TaskListQuery>;

export const eventListQuery = z.object({
  limit: queryInt(1, 1000).optional(),
  offset: queryInt(0, 100_000).optional()
});

/** `GET /login`: the original's supported parameters (handlers/login.py). */
export const loginQuery = z.object({
  requested_scopes: text(4096).optional(),
  session_required_single_domain: text(1024).optional(),
  session_message: text(1024).optional(),
  session_required_identities: text(4096).optional(),
  session_required_policies: text(4096).optional(),
  session_required_mfa: z.enum(['true', 'false']).optional(),
  prompt: z.enum(['login', 'none']).optional()
});

export const callbackQuery = z.object({
  code: text(2048).optional(),
  state: text(256).optional(),
  error: text(256).optional(),
  error_description: text(2048).optional()
});

export const manualCallbackQuery = z.object({
  code: text(2048).min(1, 'must not be empty')
});
