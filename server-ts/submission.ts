/**
 * Submitting a transfer: to Globus Transfer directly, or to the deployment's custom
 * submission service (GLOBUS_TRANSFER_SUBMISSION_URL, the seed's "Customized Transfer
 * Submissions").
 */
import type { Dispatcher } from 'undici';
import type { SyncLevel, TransferRequest } from '../src/api/types';
import type { TransferSubmissionConfig } from './config';
import type { GlobusResponse } from './globus/http';
import type { TransferApi } from './globus/transfer';

/** Transfer's integer sync levels (globus-api.md §2.6: PY maps the names to 0–3). */
const SYNC_LEVELS: Record<SyncLevel, number> = { exists: 0, size: 1, mtime: 2, checksum: 3 };

const OPTION_KEYS = [
  'verify_checksum',
  'preserve_timestamp',
  'encrypt_data',
  'delete_destination_extra',
  'skip_source_errors',
  'fail_on_quota_errors',
  'deadline',
  'notify_on_succeeded',
  'notify_on_failed',
  'notify_on_inactive'
] as const;

/** The Transfer document for `POST /v0.10/transfer` (§2.6), with its submission_id. */
export function transferDocument(
  request: TransferRequest,
  submissionId: string
): Record<string, unknown> {
  const document: Record<string, unknown> = {
    DATA_TYPE: 'transfer',
    submission_id: submissionId,
    source_endpoint: request.source_endpoint,
    destination_endpoint: request.destination_endpoint,
    DATA: request.DATA.map(item => ({
      DATA_TYPE: 'transfer_item',
      source_path: item.source_path,
      destination_path: item.destination_path,
      recursive: item.recursive
    }))
  };
  if (request.label !== undefined) document.label = request.label;
  if (request.sync_level !== undefined) document.sync_level = SYNC_LEVELS[request.sync_level];
  for (const key of OPTION_KEYS) {
    if (request[key] !== undefined) document[key] = request[key];
  }
  return document;
}

/**
 * Globus Transfer: one submission_id per submission (the client's, when it sent one, so
 * its own retries are safe too), reused by every retry after a network error or a 5xx,
 * so the transfer is never submitted twice (§2.5; Transfer answers a repeat "Duplicate").
 */
export async function submitToGlobus(
  transfer: TransferApi,
  token: string,
  request: TransferRequest
): Promise<GlobusResponse> {
  const submissionId = request.submission_id ?? (await transfer.submissionId(token));
  return transfer.submitTransfer(token, transferDocument(request, submissionId));
}

/** The custom service failed or answered without a task id: 503 for the client. */
export class SubmissionServiceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SubmissionServiceError';
  }
}

export interface CustomSubmission {
  config: TransferSubmissionConfig;
  dispatcher: Dispatcher;
  /** The user's token for the custom submission scope. */
  globusToken: string;
  /** JUPYTERHUB_API_TOKEN, for hub-service mode. */
  hubToken: string | null;
  /** Removes secrets from text that may be shown to the user or logged. */
  redact: (text: string) => string;
}

/**
 * POST `{"transfer": {...}, "globus_token": ...}` (seed §3.4; GJL submit_custom_transfer).
 * `transfer` is the very document Globus Transfer would get (the original sent its
 * globus-sdk TransferData), so a service can forward it unchanged.
 * Hub-service mode: the JupyterHub token authorises the call, the Globus token travels in
 * the body; otherwise the Globus token is the bearer and `globus_token` is null.
 */
export async function submitToCustomService(
  submission: CustomSubmission,
  request: TransferRequest,
  submissionId: string
): Promise<Record<string, unknown> & { task_id: string }> {
  const { config, hubToken, globusToken } = submission;
  const bearer = config.isHubService ? hubToken : globusToken;
  const url = new URL(config.url);
  const body = JSON.stringify({
    transfer: transferDocument(request, submissionId),
    globus_token: config.isHubService ? globusToken : null
  });
  let status: number;
  let text: string;
  try {
    const response = await submission.dispatcher.request({
      origin: url.origin,
      path: url.pathname + url.search,
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json',
        authorization: `Bearer ${bearer ?? ''}`
      },
      body,
      headersTimeout: 60_000,
      bodyTimeout: 60_000
    });
    status = response.statusCode;
    text = await response.body.text();
  } catch (error) {
    throw new SubmissionServiceError(
      `The transfer submission service ${config.url} could not be reached: ${(error as Error).message}`
    );
  }
  const excerpt = submission.redact(text.slice(0, 500));
  if (status < 200 || status >= 300) {
    throw new SubmissionServiceError(
      `The transfer submission service ${config.url} answered HTTP ${status}: ${excerpt}`
    );
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new SubmissionServiceError(
      `The transfer submission service ${config.url} answered something that is not JSON: ${excerpt}`
    );
  }
  const record = typeof data === 'object' && data !== null ? (data as Record<string, unknown>) : {};
  if (typeof record.task_id !== 'string' || record.task_id === '') {
    // The original logged this and answered task_id null; the UI cannot track a null task.
    throw new SubmissionServiceError(
      `The transfer submission service ${config.url} answered without a task_id: ${excerpt}`
    );
  }
  return { ...record, task_id: record.task_id, submission_id: submissionId };
}
