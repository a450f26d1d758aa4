/**
 * The typed client of the shim: one axios instance, one function per route.
 *
 * Requests go to `{baseUrl}globus-jupyterlab/<route>`, where jupyter-server-proxy
 * authenticates them and forwards them to the shim (jupyter-ecosystem.md §2).
 * Authentication follows JupyterLab's own `ServerConnection.makeRequest`:
 * `Authorization: token …` when the page has a token, else the `_xsrf` cookie
 * echoed in `X-XSRFToken` (the shim checks it on every non-GET).
 *
 * Every failure is thrown as a `ShimError` (./errors.ts).
 */
import axios, { type AxiosAdapter, type AxiosInstance } from 'axios';
import { toShimError } from './errors';
import type {
  ActivationResultResponse,
  BookmarkCreateRequest,
  Bookmark,
  BookmarkListResponse,
  DependentScopeResponse,
  EndpointDocument,
  EndpointListResponse,
  EndpointSearchQuery,
  FileListResponse,
  GlobusConfigResponse,
  LogoutResponse,
  ManualCallbackResponse,
  OperationLsQuery,
  SubmissionIdResponse,
  TaskCancelResponse,
  TaskDocument,
  TaskEventListResponse,
  TaskListQuery,
  TaskListResponse,
  TransferRequest,
  TransferSubmitResponse,
  WhoAmIResponse
} from './types';

/** The URL prefix jupyter-server-proxy serves the shim under. */
export const SHIM_PREFIX = 'globus-jupyterlab';

/** The route names, the original extension's (types.ts). */
export const Routes = {
  config: 'config',
  login: 'login',
  logout: 'logout',
  manualCallback: 'oauth_callback_manual',
  whoami: 'whoami',
  dependentScope: 'get_dependent_submission_scope',
  endpointSearch: 'endpoint_search',
  endpointDetail: 'endpoint_detail',
  operationLs: 'operation_ls',
  autoactivate: 'endpoint_autoactivate',
  submissionId: 'submission_id',
  submitTransfer: 'submit_transfer',
  bookmarks: 'bookmarks',
  tasks: 'tasks',
  task: (id: string) => `task/${encodeURIComponent(id)}`,
  taskEvents: (id: string) => `task/${encodeURIComponent(id)}/event_list`,
  cancelTask: (id: string) => `task/${encodeURIComponent(id)}/cancel`
} as const;

/** What the client needs from JupyterLab's `ServerConnection.ISettings`. */
export interface IShimConnection {
  /** The Jupyter server's base URL, ending with `/`. */
  baseUrl: string;
  /** The page's Jupyter token, if any. */
  token?: string;
  /** Reads the `_xsrf` cookie; defaults to `document.cookie`. */
  readXsrfCookie?: () => string | undefined;
  /** Replaces the HTTP transport (tests). */
  adapter?: AxiosAdapter;
}

export interface IRequestOptions {
  /** Aborts the request: react-query passes its own to cancel stale queries. */
  signal?: AbortSignal;
}

export interface IShimClient {
  /** The absolute URL of the shim's /login, with extra Globus parameters. */
  loginUrl(params?: Record<string, string>): string;
  /** The absolute URL of a shim route (for links and the login popup). */
  url(route: string): string;
  config(options?: IRequestOptions): Promise<GlobusConfigResponse>;
  whoami(options?: IRequestOptions): Promise<WhoAmIResponse>;
  logout(): Promise<LogoutResponse>;
  exchangeCode(code: string): Promise<ManualCallbackResponse>;
  dependentSubmissionScope(collection: string): Promise<DependentScopeResponse>;
  endpointSearch(
    query: EndpointSearchQuery,
    options?: IRequestOptions
  ): Promise<EndpointListResponse>;
  endpointDetail(endpointId: string, options?: IRequestOptions): Promise<EndpointDocument>;
  operationLs(query: OperationLsQuery, options?: IRequestOptions): Promise<FileListResponse>;
  autoactivate(endpointId: string): Promise<ActivationResultResponse>;
  submissionId(): Promise<SubmissionIdResponse>;
  submitTransfer(request: TransferRequest): Promise<TransferSubmitResponse>;
  bookmarks(options?: IRequestOptions): Promise<BookmarkListResponse>;
  createBookmark(request: BookmarkCreateRequest): Promise<Bookmark>;
  tasks(query: TaskListQuery, options?: IRequestOptions): Promise<TaskListResponse>;
  task(taskId: string, options?: IRequestOptions): Promise<TaskDocument>;
  taskEvents(taskId: string, options?: IRequestOptions): Promise<TaskEventListResponse>;
  cancelTask(taskId: string): Promise<TaskCancelResponse>;
}

/** Build the client for one JupyterLab page. */
export function createShimClient(connection: IShimConnection): IShimClient {
  const root = joinUrl(connection.baseUrl, `${SHIM_PREFIX}/`);
  const http = createAxios(root, connection);

  async function get<T>(route: string, params?: object, options?: IRequestOptions): Promise<T> {
    try {
      const response = await http.get<T>(route, { params, signal: options?.signal });
      return response.data;
    } catch (error) {
      throw toShimError(error);
    }
  }

  async function post<T>(route: string, body: unknown): Promise<T> {
    try {
      const response = await http.post<T>(route, body);
      return response.data;
    } catch (error) {
      throw toShimError(error);
    }
  }

  const url = (route: string) => root + route;

  return {
    url,
    loginUrl: params => {
      const query = new URLSearchParams(params ?? {}).toString();
      return url(Routes.login) + (query ? `?${query}` : '');
    },
    config: options => get(Routes.config, undefined, options),
    whoami: options => get(Routes.whoami, undefined, options),
    logout: () => post(Routes.logout, {}),
    exchangeCode: code => get(Routes.manualCallback, { code }),
    dependentSubmissionScope: collection => get(Routes.dependentScope, { collection }),
    endpointSearch: (query, options) => get(Routes.endpointSearch, query, options),
    endpointDetail: (endpointId, options) =>
      get(Routes.endpointDetail, { endpoint_id: endpointId }, options),
    operationLs: (query, options) => get(Routes.operationLs, query, options),
    autoactivate: endpointId => post(Routes.autoactivate, { endpoint_id: endpointId }),
    submissionId: () => get(Routes.submissionId),
    submitTransfer: request => post(Routes.submitTransfer, request),
    bookmarks: options => get(Routes.bookmarks, undefined, options),
    createBookmark: request => post(Routes.bookmarks, request),
    tasks: (query, options) => get(Routes.tasks, query, options),
    task: (taskId, options) => get(Routes.task(taskId), undefined, options),
    taskEvents: (taskId, options) => get(Routes.taskEvents(taskId), undefined, options),
    cancelTask: taskId => post(Routes.cancelTask(taskId), {})
  };
}

function joinUrl(base: string, path: string): string {
  return base.endsWith('/') ? base + path : `${base}/${path}`;
}

function readCookie(name: string): string | undefined {
  if (typeof document === 'undefined') {
    return undefined;
  }
  const match = document.cookie.match(`\\b${name}=([^;]*)\\b`);
  return match ? decodeURIComponent(match[1]) : undefined;
}

function createAxios(root: string, connection: IShimConnection): AxiosInstance {
  const instance = axios.create({
    baseURL: root,
    adapter: connection.adapter,
    headers: { Accept: 'application/json' },
    // Globus Transfer reads booleans as `true`/`false`; arrays never occur.
    paramsSerializer: { indexes: null },
    // The Jupyter proxy may answer with HTML on errors; errors.ts copes.
    responseType: 'json',
    // axios's own cookie-to-header XSRF support only works for same-origin
    // relative URLs; do it explicitly like ServerConnection does.
    xsrfCookieName: undefined
  });
  instance.interceptors.request.use(config => {
    if (connection.token) {
      config.headers.set('Authorization', `token ${connection.token}`);
    }
    const xsrf = (connection.readXsrfCookie ?? (() => readCookie('_xsrf')))();
    if (xsrf !== undefined) {
      config.headers.set('X-XSRFToken', xsrf);
    }
    return config;
  });
  return instance;
}
