/**
 * The HTTP boundary for frontend tests: an axios adapter that answers shim
 * routes from a table, and records every request it saw. Components use the
 * real client (src/api/client.ts) on top of it.
 */
import type { AxiosAdapter, AxiosResponse, InternalAxiosRequestConfig } from 'axios';
import { createShimClient, type IShimClient } from '../../../src/api/client';

export interface IRecordedRequest {
  method: string;
  route: string;
  params: Record<string, unknown>;
  body: unknown;
  headers: Record<string, string>;
}

export type Reply = [number, unknown] | Promise<[number, unknown]>;
export type Handler = (request: IRecordedRequest, signal?: AbortSignal) => Reply;

export interface IFakeShim {
  client: IShimClient;
  requests: IRecordedRequest[];
  /** Replace or add a route handler, keyed `METHOD route` (e.g. `GET config`). */
  on(key: string, handler: Handler | [number, unknown]): void;
  count(key: string): number;
}

const ROOT = 'http://jupyter.test/base/globus-jupyterlab/';

export function fakeShim(
  routes: Record<string, Handler | [number, unknown]> = {},
  connection: { token?: string; xsrf?: string } = {}
): IFakeShim {
  const table = new Map<string, Handler>();
  const requests: IRecordedRequest[] = [];
  const on = (key: string, handler: Handler | [number, unknown]) =>
    table.set(key, typeof handler === 'function' ? handler : () => handler);
  Object.entries(routes).forEach(([key, handler]) => on(key, handler));

  const adapter: AxiosAdapter = async (config: InternalAxiosRequestConfig) => {
    const url = new URL(config.url ?? '', config.baseURL);
    const route = url.href.startsWith(ROOT) ? url.href.slice(ROOT.length) : url.href;
    const headers: Record<string, string> = {};
    Object.entries(config.headers.toJSON()).forEach(([k, v]) => (headers[k] = String(v)));
    const recorded: IRecordedRequest = {
      method: (config.method ?? 'get').toUpperCase(),
      route,
      params: { ...(config.params ?? {}) },
      body: typeof config.data === 'string' ? JSON.parse(config.data) : config.data,
      headers
    };
    requests.push(recorded);
    const handler = table.get(`${recorded.method} ${route}`);
    const signal = config.signal as AbortSignal | undefined;
    if (signal?.aborted) {
      throw Object.assign(new Error('canceled'), { code: 'ERR_CANCELED', name: 'CanceledError' });
    }
    const [status, data] = handler ? await handler(recorded, signal) : [404, 'no such route'];
    if (signal?.aborted) {
      throw Object.assign(new Error('canceled'), { code: 'ERR_CANCELED', name: 'CanceledError' });
    }
    const response: AxiosResponse = {
      status,
      statusText: String(status),
      data,
      headers: {},
      config
    };
    if (status >= 400) {
      throw Object.assign(new Error(`Request failed with status code ${status}`), {
        isAxiosError: true,
        code: 'ERR_BAD_RESPONSE',
        response,
        config
      });
    }
    return response;
  };

  const client = createShimClient({
    baseUrl: 'http://jupyter.test/base/',
    token: connection.token,
    readXsrfCookie: () => connection.xsrf,
    adapter
  });
  return {
    client,
    requests,
    on,
    count: key => requests.filter(r => `${r.method} ${r.route}` === key).length
  };
}
