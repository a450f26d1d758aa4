/**
 * Server data, owned by react-query (jupyter-ecosystem.md §5.4): query keys,
 * query option factories (also used by the machines' actors through
 * `queryClient.fetchQuery`) and the hooks the components read.
 */
import {
  QueryCache,
  QueryClient,
  queryOptions,
  useMutation,
  useQuery,
  useQueryClient,
  keepPreviousData
} from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { IShimClient } from './client';
import { isGlobusAuthError, type ShimError } from './errors';
import type { BookmarkCreateRequest, EndpointSearchScope, TaskDocument, TaskStatus } from './types';

// Every query function here goes through the client, which only throws
// ShimError: tell react-query, so `query.error` is typed as such.
declare module '@tanstack/react-query' {
  interface Register {
    defaultError: ShimError;
  }
}

/** Every key starts with `globus`, so one invalidation can reach them all. */
export const globusKeys = {
  all: ['globus'] as const,
  config: () => ['globus', 'config'] as const,
  whoami: () => ['globus', 'whoami'] as const,
  search: (text: string, scope: EndpointSearchScope) => ['globus', 'search', scope, text] as const,
  endpoint: (id: string) => ['globus', 'endpoint', id] as const,
  ls: (collectionId: string, path: string, showHidden: boolean) =>
    ['globus', 'ls', collectionId, path, showHidden] as const,
  lsAll: (collectionId: string) => ['globus', 'ls', collectionId] as const,
  bookmarks: () => ['globus', 'bookmarks'] as const,
  tasks: () => ['globus', 'tasks'] as const,
  task: (id: string) => ['globus', 'task', id] as const
};

/** How many search results one request asks for (Globus allows 100, §2.1). */
export const SEARCH_LIMIT = 25;
/** How long the search box waits after the last keystroke. */
export const SEARCH_DEBOUNCE_MS = 300;
/** The longest pause between two task polls, whatever the backoff. */
export const MAX_POLL_MS = 60_000;
/**
 * The first check of a just-submitted task: small transfers often end within
 * a second or two, and waiting the full interval shows "Succeeded" late.
 */
export const FIRST_POLL_MS = 1000;

/**
 * One QueryClient per plugin. Auth errors are never retried: a retry cannot
 * fix them, the recovery statechart can.
 */
export function createQueryClient(onError?: (error: ShimError) => void): QueryClient {
  return new QueryClient({
    queryCache: new QueryCache({ onError: error => onError?.(error) }),
    defaultOptions: {
      queries: {
        retry: (failureCount, error) => !isGlobusAuthError(error) && failureCount < 2,
        staleTime: 30_000,
        refetchOnWindowFocus: false
      },
      mutations: { retry: false }
    }
  });
}

export function isFinished(status: TaskStatus | undefined): boolean {
  return status === 'SUCCEEDED' || status === 'FAILED';
}

/**
 * The next poll delay for a task; `false` once the task ended. It starts at
 * `firstMs` and doubles each poll until it reaches `baseMs`, then doubles every
 * 5 polls up to a minute. react-query's default
 * `refetchIntervalInBackground: false` already pauses polling in hidden tabs.
 */
export function taskPollDelay(
  baseMs: number,
  status: TaskStatus | undefined,
  pollsSoFar: number,
  firstMs = baseMs
): number | false {
  if (isFinished(status)) {
    return false;
  }
  let delay = Math.min(firstMs, baseMs);
  let polls = pollsSoFar;
  for (; delay < baseMs && polls > 0; polls--) {
    delay = Math.min(delay * 2, baseMs);
  }
  if (delay < baseMs) {
    return delay;
  }
  return Math.min(baseMs * 2 ** Math.floor(polls / 5), MAX_POLL_MS);
}

export const globusQueries = {
  config: (client: IShimClient) =>
    queryOptions({
      queryKey: globusKeys.config(),
      queryFn: ({ signal }) => client.config({ signal }),
      // Login state changes behind our back (another tab, token expiry).
      staleTime: 0
    }),
  whoami: (client: IShimClient) =>
    queryOptions({
      queryKey: globusKeys.whoami(),
      queryFn: ({ signal }) => client.whoami({ signal }),
      staleTime: 5 * 60_000
    }),
  search: (client: IShimClient, text: string, scope: EndpointSearchScope) =>
    queryOptions({
      queryKey: globusKeys.search(text, scope),
      queryFn: ({ signal }) =>
        client.endpointSearch(
          {
            filter_fulltext: text || undefined,
            filter_scope: scope,
            // The original hides non-functional endpoints (changelog 1.0.0b3).
            filter_non_functional: false,
            limit: SEARCH_LIMIT
          },
          { signal }
        ),
      staleTime: 60_000
    }),
  endpoint: (client: IShimClient, id: string) =>
    queryOptions({
      queryKey: globusKeys.endpoint(id),
      queryFn: ({ signal }) => client.endpointDetail(id, { signal }),
      staleTime: 5 * 60_000
    }),
  ls: (client: IShimClient, collectionId: string, path: string, showHidden: boolean) =>
    queryOptions({
      queryKey: globusKeys.ls(collectionId, path, showHidden),
      queryFn: ({ signal }) =>
        client.operationLs(
          { endpoint: collectionId, path: path || undefined, show_hidden: showHidden },
          { signal }
        )
    }),
  bookmarks: (client: IShimClient) =>
    queryOptions({
      queryKey: globusKeys.bookmarks(),
      queryFn: ({ signal }) => client.bookmarks({ signal })
    }),
  tasks: (client: IShimClient, limit: number) =>
    queryOptions({
      queryKey: [...globusKeys.tasks(), limit] as const,
      queryFn: ({ signal }) => client.tasks({ limit }, { signal })
    }),
  /**
   * One task, polled quickly at first, then with backoff until it ends. The
   * wizard's progress view and the runtime's watcher both observe it with
   * these options, so they poll on one schedule.
   */
  task: (client: IShimClient, taskId: string, pollMs: number) =>
    queryOptions({
      queryKey: globusKeys.task(taskId),
      queryFn: ({ signal }) => client.task(taskId, { signal }),
      staleTime: 0,
      // The first answer comes from the mount's fetch, not from a poll.
      refetchInterval: query =>
        taskPollDelay(
          pollMs,
          query.state.data?.status,
          Math.max(0, query.state.dataUpdateCount - 1),
          FIRST_POLL_MS
        )
    })
};

/** `value`, updated only after it stopped changing for `delayMs`. */
export function useDebouncedValue<T>(value: T, delayMs: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), delayMs);
    return () => clearTimeout(timer);
  }, [value, delayMs]);
  return debounced;
}

export function useConfig(client: IShimClient) {
  return useQuery(globusQueries.config(client));
}

export function useWhoAmI(client: IShimClient, enabled: boolean) {
  return useQuery({ ...globusQueries.whoami(client), enabled });
}

/**
 * Collection search as you type: debounced, and the query `signal` aborts the
 * request of a text the user has already typed past.
 */
export function useEndpointSearch(client: IShimClient, text: string, scope: EndpointSearchScope) {
  const debounced = useDebouncedValue(text.trim(), SEARCH_DEBOUNCE_MS);
  // `all` needs a text (Globus rejects an empty fulltext search, §2.1).
  const enabled = scope !== 'all' || debounced.length > 0;
  const query = useQuery({
    ...globusQueries.search(client, debounced, scope),
    enabled,
    placeholderData: keepPreviousData
  });
  return { ...query, isDebouncing: debounced !== text.trim(), enabled };
}

export function useEndpointDetail(client: IShimClient, id: string | null) {
  return useQuery({ ...globusQueries.endpoint(client, id ?? ''), enabled: !!id });
}

export function useListing(
  client: IShimClient,
  collectionId: string | null,
  path: string,
  showHidden: boolean
) {
  return useQuery({
    ...globusQueries.ls(client, collectionId ?? '', path, showHidden),
    enabled: !!collectionId,
    // Keep showing the old folder while the new one loads: no flash.
    placeholderData: keepPreviousData
  });
}

export function useBookmarks(client: IShimClient, enabled = true) {
  return useQuery({ ...globusQueries.bookmarks(client), enabled });
}

export function useCreateBookmark(client: IShimClient) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (request: BookmarkCreateRequest) => client.createBookmark(request),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: globusKeys.bookmarks() })
  });
}

export function useTask(client: IShimClient, taskId: string | null, pollMs: number) {
  return useQuery({ ...globusQueries.task(client, taskId ?? '', pollMs), enabled: !!taskId });
}

/**
 * How often to re-read the recent-tasks list: not at all once every task has finished; else the
 * task back-off, counted from the age of the youngest running task. Counting the panel's own
 * polls instead would leave a task submitted late in a long session polled once a minute.
 */
export function recentTasksPollDelay(
  tasks: readonly Pick<TaskDocument, 'status' | 'request_time'>[],
  baseMs: number,
  now: number
): number | false {
  const started = tasks
    .filter(task => !isFinished(task.status))
    .map(task => Date.parse(task.request_time));
  if (started.length === 0) {
    return false;
  }
  const youngest = Math.max(...started.map(time => (Number.isFinite(time) ? time : now)));
  return taskPollDelay(baseMs, 'ACTIVE', Math.max(0, Math.floor((now - youngest) / baseMs)));
}

/** The user's recent tasks, polled while any of them is still running. */
export function useRecentTasks(client: IShimClient, enabled: boolean, pollMs: number, limit = 10) {
  return useQuery({
    ...globusQueries.tasks(client, limit),
    enabled,
    refetchInterval: query => recentTasksPollDelay(query.state.data?.DATA ?? [], pollMs, Date.now())
  });
}
