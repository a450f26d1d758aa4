/**
 * The one HTTP client for Globus Auth and Transfer: an undici Agent with keep-alive,
 * so connections to Globus are reused across requests (the original opened a new one
 * per call), timeouts on every call, and retries only where they are safe.
 */
import { Agent, type Dispatcher } from 'undici';

export type GlobusService = 'auth' | 'transfer';

export interface GlobusHttpOptions {
  authBaseUrl: string;
  transferBaseUrl: string;
  dispatcher?: Dispatcher;
  /** Waits between retries of a retryable call (submission); default 250 ms then 1 s. */
  retryDelaysMs?: number[];
}

export interface GlobusRequest {
  service: GlobusService;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Path below the service base, e.g. `/v0.10/endpoint_search`. */
  path: string;
  query?: Record<string, string | number | boolean | undefined | null>;
  json?: unknown;
  /** Auth's OAuth2 calls are form-encoded (globus-api.md §0). */
  form?: Record<string, string>;
  bearer?: string;
  /**
   * `idempotent`: a GET, retried once if a kept-alive connection turned out closed.
   * `resubmittable`: also retried after a network error or a 5xx, because the document
   * carries a submission_id that makes a repeat harmless (globus-api.md §2.5–2.6).
   * `once`: never retried.
   */
  retry: 'idempotent' | 'resubmittable' | 'once';
}

export interface GlobusResponse {
  status: number;
  text: string;
}

/** A Globus answer with a non-2xx status, parsed (globus-api.md §2.11, §1.8 for Auth). */
export class GlobusApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly body: Record<string, unknown>,
    readonly service: GlobusService
  ) {
    super(message);
    this.name = 'GlobusApiError';
  }
}

/** Globus could not be reached, or the answer was cut off. */
export class GlobusNetworkError extends Error {
  constructor(
    message: string,
    readonly service: GlobusService
  ) {
    super(message);
    this.name = 'GlobusNetworkError';
  }
}

interface Base {
  origin: string;
  prefix: string;
}

function parseBase(url: string): Base {
  const parsed = new URL(url);
  return { origin: parsed.origin, prefix: parsed.pathname.replace(/\/+$/, '') };
}

const SOCKET_REUSE_ERRORS = new Set(['UND_ERR_SOCKET', 'ECONNRESET', 'EPIPE']);

export class GlobusHttp {
  private readonly bases: Record<GlobusService, Base>;
  /** Shared with the custom submission call, so it reuses connections too. */
  readonly dispatcher: Dispatcher;
  private readonly ownsDispatcher: boolean;
  private readonly retryDelaysMs: number[];

  constructor(options: GlobusHttpOptions) {
    this.bases = {
      auth: parseBase(options.authBaseUrl),
      transfer: parseBase(options.transferBaseUrl)
    };
    this.ownsDispatcher = !options.dispatcher;
    this.dispatcher =
      options.dispatcher ??
      new Agent({
        keepAliveTimeout: 30_000,
        keepAliveMaxTimeout: 120_000,
        connections: 128,
        connectTimeout: 10_000,
        headersTimeout: 60_000,
        bodyTimeout: 60_000
      });
    this.retryDelaysMs = options.retryDelaysMs ?? [250, 1000];
  }

  async close(): Promise<void> {
    if (this.ownsDispatcher) await this.dispatcher.close();
  }

  /** Resolves with any 2xx answer; rejects with GlobusApiError or GlobusNetworkError. */
  async request(request: GlobusRequest): Promise<GlobusResponse> {
    const maxAttempts = request.retry === 'resubmittable' ? 1 + this.retryDelaysMs.length : 2;
    for (let attempt = 1; ; attempt++) {
      try {
        const response = await this.send(request);
        if (response.status >= 200 && response.status < 300) return response;
        const error = toApiError(response, request.service);
        if (
          request.retry === 'resubmittable' &&
          attempt < maxAttempts &&
          isRetryableStatus(error)
        ) {
          await delay(this.retryDelaysMs[attempt - 1]);
          continue;
        }
        throw error;
      } catch (error) {
        if (error instanceof GlobusApiError) throw error;
        const code = (error as { code?: string }).code ?? '';
        const retry =
          attempt < maxAttempts &&
          (request.retry === 'resubmittable' ||
            (request.retry === 'idempotent' && SOCKET_REUSE_ERRORS.has(code)));
        if (!retry) {
          throw new GlobusNetworkError(
            `Globus ${request.service} could not be reached: ${(error as Error).message}`,
            request.service
          );
        }
        if (request.retry === 'resubmittable') await delay(this.retryDelaysMs[attempt - 1]);
      }
    }
  }

  private async send(request: GlobusRequest): Promise<GlobusResponse> {
    const base = this.bases[request.service];
    const headers: Record<string, string> = {
      accept: 'application/json',
      'user-agent': 'globus-jupyterlab-ts'
    };
    let body: string | undefined;
    if (request.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(request.json);
    } else if (request.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(request.form).toString();
    }
    if (request.bearer) headers.authorization = `Bearer ${request.bearer}`;
    const response = await this.dispatcher.request({
      origin: base.origin,
      path: base.prefix + request.path + queryString(request.query),
      method: request.method,
      headers,
      body
    });
    const text = await response.body.text();
    return { status: response.statusCode, text };
  }
}

function queryString(query: GlobusRequest['query']): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null) params.append(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** 5xx, except the GridFTP-side failures PY's transport does not retry either (§2.0). */
function isRetryableStatus(error: GlobusApiError): boolean {
  return (
    error.status >= 500 &&
    !error.code.includes('ExternalError') &&
    !error.code.includes('EndpointError')
  );
}

export function toApiError(response: GlobusResponse, service: GlobusService): GlobusApiError {
  let body: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(response.text);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
      body = parsed as Record<string, unknown>;
    }
  } catch {
    // Not JSON (a proxy's HTML page, for example): keep the status, describe it generically.
  }
  const first = Array.isArray(body.errors) ? (body.errors[0] as Record<string, unknown>) : {};
  const code =
    str(body.code) ?? str(body.error) ?? str(first?.code) ?? `HTTP${String(response.status)}`;
  const message =
    str(body.message) ??
    str(body.error_description) ??
    str(first?.detail) ??
    `Globus ${service} answered HTTP ${response.status}`;
  return new GlobusApiError(response.status, code, message, body, service);
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function delay(ms: number | undefined): Promise<void> {
  return new Promise(resolve => setTimeout(resolve, ms ?? 0));
}
