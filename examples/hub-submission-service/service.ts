/**
 * An example "custom transfer submission" resource service, run by JupyterHub
 * as a hub-managed service (seed docs §3.4 "Customized Transfer Submissions";
 * jupyter-ecosystem.md §2.4).
 *
 * With GLOBUS_TRANSFER_SUBMISSION_IS_HUB_SERVICE=true the user's shim POSTs
 *   Authorization: Bearer <the single-user server's JUPYTERHUB_API_TOKEN>
 *   {"globus_token": "<Globus token for GLOBUS_TRANSFER_SUBMISSION_SCOPE>",
 *    "transfer": {"source_endpoint", "destination_endpoint", "DATA": [{source_path, destination_path, recursive}], …}}
 * (the original's SubmitTransfer.submit_custom_transfer). This service:
 *  1. asks the Hub who the hub token belongs to (`GET {JUPYTERHUB_API_URL}/user`);
 *     anything but a hub user → 403, before the body is even read;
 *  2. submits the transfer to Globus Transfer with the Globus token
 *     (`GET /v0.10/submission_id`, then `POST /v0.10/transfer`, globus-api.md §2.5–2.6);
 *  3. answers `{"task_id": …}`, which the shim then tracks as usual.
 *
 * The Globus token is used directly as a Transfer token: that is right when the
 * submission scope IS Transfer's scope (as in this project's hub e2e). A
 * production service registers its own scope with Transfer as a dependent scope
 * and exchanges the user's token for a dependent Transfer token first
 * (Auth's `urn:globus:auth:grant_type:dependent_token`); that needs the
 * service's confidential client, which is site-specific and left out here.
 *
 * Plain node:http, no dependencies: the file runs with `tsx` or an esbuild bundle.
 */
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';

export interface SubmissionServiceOptions {
  /** `JUPYTERHUB_API_URL`, e.g. `http://127.0.0.1:8081/hub/api` (no trailing slash needed). */
  hubApiUrl: string;
  /** The Transfer base URL: `https://transfer.api.globus.org` or the sandbox's. */
  transferUrl: string;
  /** `JUPYTERHUB_SERVICE_PREFIX`, e.g. `/services/globus-submission/`. */
  prefix: string;
  /** Where one line per request goes; never receives a token. */
  log?: (line: string) => void;
}

/** The route the shim POSTs to: `{prefix}submit-transfer` (the seed's example URL shape). */
export const SUBMIT_ROUTE = 'submit-transfer';

const MAX_BODY_BYTES = 1024 * 1024;

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string
  ) {
    super(message);
  }
}

interface HubUser {
  kind: string;
  name: string;
}

interface TransferItem {
  source_path: string;
  destination_path: string;
  recursive: boolean;
}

/** Optional transfer options the shim may pass through, with the type Transfer expects (globus-api.md §2.6). */
const OPTIONAL_FIELDS: Record<string, 'string' | 'boolean' | 'number'> = {
  label: 'string',
  // Transfer's integer level (0 exists … 3 checksum): the shim sends Transfer's own document.
  sync_level: 'number',
  verify_checksum: 'boolean',
  preserve_timestamp: 'boolean',
  encrypt_data: 'boolean',
  delete_destination_extra: 'boolean',
  skip_source_errors: 'boolean',
  fail_on_quota_errors: 'boolean',
  deadline: 'string',
  notify_on_succeeded: 'boolean',
  notify_on_failed: 'boolean',
  notify_on_inactive: 'boolean',
  // The shim sends the submission_id it made (and reuses it when it retries): keep it, so a
  // retried request is a Duplicate at Transfer rather than a second task.
  submission_id: 'string'
};

function join(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}

function bearerOrToken(header: string | undefined): string | null {
  // JupyterHub itself accepts both `token X` and `bearer X` (jupyterhub/auth header parsing);
  // the original shim sends `Bearer`.
  const match = /^(?:token|bearer)\s+(\S+)\s*$/i.exec(header ?? '');
  return match ? match[1] : null;
}

async function hubUserFor(hubApiUrl: string, hubToken: string): Promise<HubUser> {
  let response: Response;
  try {
    response = await fetch(join(hubApiUrl, 'user'), {
      headers: { Authorization: `token ${hubToken}`, Accept: 'application/json' }
    });
  } catch (error) {
    throw new HttpError(
      502,
      'HubUnavailable',
      `the Hub API did not answer: ${(error as Error).message}`
    );
  }
  if (response.status === 401 || response.status === 403) {
    throw new HttpError(403, 'InvalidHubToken', 'the hub token was refused by the Hub');
  }
  if (!response.ok) {
    throw new HttpError(502, 'HubUnavailable', `the Hub API answered ${response.status}`);
  }
  const model = (await response.json()) as Partial<HubUser>;
  if (model.kind !== 'user' || typeof model.name !== 'string') {
    throw new HttpError(403, 'InvalidHubToken', 'the hub token does not belong to a hub user');
  }
  return { kind: model.kind, name: model.name };
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) {
      throw new HttpError(413, 'InvalidInput', 'the body is larger than 1 MiB');
    }
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new HttpError(400, 'InvalidInput', 'the body is not valid JSON');
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function invalid(message: string): HttpError {
  return new HttpError(400, 'InvalidInput', message);
}

/** Validate the shim's body and build Transfer's `transfer` document (globus-api.md §2.6). */
export function transferDocument(body: unknown): {
  globusToken: string;
  document: Record<string, unknown>;
} {
  if (!isObject(body)) throw invalid('the body must be a JSON object');
  const globusToken = body.globus_token;
  if (typeof globusToken !== 'string' || globusToken === '') {
    throw invalid(
      'globus_token must be the Globus access token (set GLOBUS_TRANSFER_SUBMISSION_IS_HUB_SERVICE=true)'
    );
  }
  const transfer = body.transfer;
  if (!isObject(transfer)) throw invalid('transfer must be an object');
  for (const key of ['source_endpoint', 'destination_endpoint']) {
    if (typeof transfer[key] !== 'string' || transfer[key] === '') {
      throw invalid(`transfer.${key} must be a collection id`);
    }
  }
  const items = transfer.DATA;
  if (!Array.isArray(items) || items.length === 0) {
    throw invalid('transfer.DATA must list at least one item');
  }
  const DATA = items.map((item: unknown, index): TransferItem & { DATA_TYPE: string } => {
    if (
      !isObject(item) ||
      typeof item.source_path !== 'string' ||
      typeof item.destination_path !== 'string' ||
      typeof item.recursive !== 'boolean'
    ) {
      throw invalid(
        `transfer.DATA[${index}] needs source_path, destination_path (strings) and recursive (boolean)`
      );
    }
    return {
      DATA_TYPE: 'transfer_item',
      source_path: item.source_path,
      destination_path: item.destination_path,
      recursive: item.recursive
    };
  });
  const document: Record<string, unknown> = {
    DATA_TYPE: 'transfer',
    source_endpoint: transfer.source_endpoint,
    destination_endpoint: transfer.destination_endpoint,
    DATA
  };
  for (const [key, type] of Object.entries(OPTIONAL_FIELDS)) {
    const value = transfer[key];
    if (value === undefined || value === null) continue;
    if (typeof value !== type) throw invalid(`transfer.${key} must be a ${type}`);
    document[key] = value;
  }
  if (document.sync_level !== undefined && ![0, 1, 2, 3].includes(document.sync_level as number)) {
    throw invalid("transfer.sync_level must be 0, 1, 2 or 3 (Transfer's sync levels)");
  }
  return { globusToken, document };
}

async function transferCall(
  transferUrl: string,
  globusToken: string,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown
): Promise<{ status: number; json: Record<string, unknown> }> {
  let response: Response;
  try {
    response = await fetch(join(transferUrl, path), {
      method,
      headers: {
        Authorization: `Bearer ${globusToken}`,
        Accept: 'application/json',
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' })
      },
      body: body === undefined ? undefined : JSON.stringify(body)
    });
  } catch (error) {
    throw new HttpError(
      502,
      'TransferUnavailable',
      `Globus Transfer did not answer: ${(error as Error).message}`
    );
  }
  const text = await response.text();
  let json: Record<string, unknown> = {};
  try {
    json = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    json = { code: 'UnexpectedResponse', message: text.slice(0, 200) };
  }
  return { status: response.status, json };
}

function send(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store'
  });
  response.end(text);
}

export function createSubmissionService(options: SubmissionServiceOptions): Server {
  const log = options.log ?? (() => undefined);
  const prefix = options.prefix.endsWith('/') ? options.prefix : `${options.prefix}/`;

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = (request.url ?? '/').split('?')[0];
    if (request.method === 'GET' && (path === prefix || path === prefix.slice(0, -1))) {
      send(response, 200, {
        service: 'globus-jupyterlab hub submission service',
        submit: `${prefix}${SUBMIT_ROUTE}`
      });
      return;
    }
    if (path !== `${prefix}${SUBMIT_ROUTE}`) {
      throw new HttpError(404, 'NotFound', `no route ${request.method} ${path}`);
    }
    if (request.method !== 'POST') {
      throw new HttpError(405, 'MethodNotAllowed', `use POST ${prefix}${SUBMIT_ROUTE}`);
    }
    const hubToken = bearerOrToken(request.headers.authorization);
    if (!hubToken) {
      throw new HttpError(
        403,
        'InvalidHubToken',
        'Authorization must carry the hub token (Bearer or token)'
      );
    }
    const user = await hubUserFor(options.hubApiUrl, hubToken);
    const body = await readJson(request);

    const { globusToken, document } = transferDocument(body);

    // Transfer's idempotency key (globus-api.md §2.5): a retried POST with the same id is a
    // Duplicate, not a second task. Only a caller that sent none gets a fresh one.
    if (typeof document.submission_id !== 'string') {
      const submission = await transferCall(
        options.transferUrl,
        globusToken,
        'GET',
        '/v0.10/submission_id'
      );
      if (submission.status !== 200 || typeof submission.json.value !== 'string') {
        log(`${user.name}: Transfer refused submission_id (${submission.status})`);
        send(response, submission.status >= 400 ? submission.status : 502, submission.json);
        return;
      }
      document.submission_id = submission.json.value;
    }
    const result = await transferCall(
      options.transferUrl,
      globusToken,
      'POST',
      '/v0.10/transfer',
      document
    );
    if (result.status >= 200 && result.status < 300 && typeof result.json.task_id === 'string') {
      log(`${user.name}: submitted task ${result.json.task_id}`);
      send(response, 202, { task_id: result.json.task_id, submission_id: document.submission_id });
      return;
    }
    // Globus's own error document (globus-api.md §2.11) goes back unchanged so the shim can classify it.
    log(`${user.name}: Transfer refused the task (${result.status} ${String(result.json.code)})`);
    send(response, result.status >= 400 ? result.status : 502, result.json);
  }

  return createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      const status = error instanceof HttpError ? error.status : 500;
      const code = error instanceof HttpError ? error.code : 'UnexpectedError';
      log(`${request.method} ${(request.url ?? '').split('?')[0]} → ${status} ${code}`);
      if (!response.headersSent) {
        send(response, status, { code, message: (error as Error).message });
      } else {
        response.end();
      }
    });
  });
}
