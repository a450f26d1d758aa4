/**
 * Globus Transfer v0.10 calls (globus-api.md §2). Successful answers are returned as the
 * raw JSON text: the shim passes Globus documents through untouched, and not parsing
 * and re-serialising them keeps the added latency small.
 */
import type { GlobusHttp, GlobusResponse } from './http';

const seg = encodeURIComponent;

export interface EndpointSearchParams {
  filter_fulltext?: string;
  filter_scope?: string;
  filter_owner_id?: string;
  filter_host_endpoint?: string;
  filter_non_functional?: boolean;
  limit?: number;
  offset?: number;
}

export interface LsParams {
  path?: string;
  show_hidden?: boolean;
  limit?: number;
  offset?: number;
}

export interface TaskListParams {
  limit?: number;
  offset?: number;
  filter_status?: string;
}

/** `true/false` → `1/0`, which is what PY sends for these flags (§2.1, §2.4). */
const flag = (value: boolean | undefined): number | undefined =>
  value === undefined ? undefined : value ? 1 : 0;

export class TransferApi {
  constructor(private readonly http: GlobusHttp) {}

  endpointSearch(token: string, params: EndpointSearchParams): Promise<GlobusResponse> {
    return this.get(token, '/v0.10/endpoint_search', {
      ...params,
      filter_non_functional: flag(params.filter_non_functional)
    });
  }

  endpoint(token: string, id: string): Promise<GlobusResponse> {
    return this.get(token, `/v0.10/endpoint/${seg(id)}`);
  }

  ls(token: string, id: string, params: LsParams): Promise<GlobusResponse> {
    return this.get(token, `/v0.10/operation/endpoint/${seg(id)}/ls`, {
      ...params,
      show_hidden: flag(params.show_hidden)
    });
  }

  /** Legacy GCSv4 activation (§2.3): kept as the original's route, Globus decides. */
  autoactivate(token: string, id: string): Promise<GlobusResponse> {
    return this.http.request({
      service: 'transfer',
      method: 'POST',
      path: `/v0.10/endpoint/${seg(id)}/autoactivate`,
      json: {},
      bearer: token,
      retry: 'once'
    });
  }

  /** `GET /v0.10/submission_id` (§2.5): `{DATA_TYPE: 'submission_id', value}`. */
  submissionIdDocument(token: string): Promise<GlobusResponse> {
    return this.get(token, '/v0.10/submission_id');
  }

  async submissionId(token: string): Promise<string> {
    const response = await this.submissionIdDocument(token);
    const value = (JSON.parse(response.text) as { value?: unknown }).value;
    if (typeof value !== 'string') throw new Error('Globus Transfer gave no submission_id');
    return value;
  }

  /** The document carries its submission_id, so retrying it is safe (§2.5–2.6). */
  submitTransfer(token: string, document: Record<string, unknown>): Promise<GlobusResponse> {
    return this.http.request({
      service: 'transfer',
      method: 'POST',
      path: '/v0.10/transfer',
      json: document,
      bearer: token,
      retry: 'resubmittable'
    });
  }

  bookmarks(token: string): Promise<GlobusResponse> {
    return this.get(token, '/v0.10/bookmark_list');
  }

  createBookmark(
    token: string,
    bookmark: { name: string; endpoint_id: string; path: string }
  ): Promise<GlobusResponse> {
    return this.http.request({
      service: 'transfer',
      method: 'POST',
      path: '/v0.10/bookmark',
      json: { DATA_TYPE: 'bookmark', ...bookmark },
      bearer: token,
      retry: 'once'
    });
  }

  deleteBookmark(token: string, id: string): Promise<GlobusResponse> {
    return this.http.request({
      service: 'transfer',
      method: 'DELETE',
      path: `/v0.10/bookmark/${seg(id)}`,
      bearer: token,
      retry: 'idempotent'
    });
  }

  /** Newest first; `filter_status` becomes Transfer's `filter=status:…` (§2.7). */
  tasks(token: string, params: TaskListParams): Promise<GlobusResponse> {
    const filter = ['type:TRANSFER'];
    if (params.filter_status) filter.push(`status:${params.filter_status}`);
    return this.get(token, '/v0.10/task_list', {
      limit: params.limit,
      offset: params.offset,
      filter: filter.join('/'),
      orderby: 'request_time DESC'
    });
  }

  task(token: string, id: string): Promise<GlobusResponse> {
    return this.get(token, `/v0.10/task/${seg(id)}`);
  }

  cancelTask(token: string, id: string): Promise<GlobusResponse> {
    return this.http.request({
      service: 'transfer',
      method: 'POST',
      path: `/v0.10/task/${seg(id)}/cancel`,
      bearer: token,
      retry: 'once'
    });
  }

  taskEvents(
    token: string,
    id: string,
    params: { limit?: number; offset?: number }
  ): Promise<GlobusResponse> {
    return this.get(token, `/v0.10/task/${seg(id)}/event_list`, params);
  }

  private get(
    token: string,
    path: string,
    query?: Record<string, string | number | boolean | undefined>
  ): Promise<GlobusResponse> {
    return this.http.request({
      service: 'transfer',
      method: 'GET',
      path,
      query,
      bearer: token,
      retry: 'idempotent'
    });
  }
}
