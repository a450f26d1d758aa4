/**
 * Everything the Globus UI needs at run time, created on first use (a
 * separate chunk: axios, react-query and xstate stay out of JupyterLab's
 * start-up): the shim client, the one QueryClient, the one auth actor, and the
 * watcher that notifies when a transfer ends.
 */
import { Notification } from '@jupyterlab/apputils';
import type { ServerConnection } from '@jupyterlab/services';
import type { TranslationBundle } from '@jupyterlab/translation';
import { QueryObserver, type QueryClient } from '@tanstack/react-query';
import { createActor, fromPromise, type ActorRefFrom } from 'xstate';
import { createShimClient, type IShimClient } from './api/client';
import { globusErrorBodyOf } from './api/errors';
import { createQueryClient, globusKeys, globusQueries, isFinished } from './api/queries';
import type { TaskDocument } from './api/types';
import { createInspect, type InspectFn } from './inspector';
import { openLoginPopup } from './loginPopup';
import { authMachine, type SessionInfo } from './machines/auth.machine';
import type { IGlobusSettings } from './settings';

export const GLOBUS_WEB_APP = 'https://app.globus.org';

/** The Globus web app page of a task (shown in notifications and the progress view). */
export function taskWebAppUrl(taskId: string): string {
  return `${GLOBUS_WEB_APP}/activity/${encodeURIComponent(taskId)}`;
}

export interface IRuntimeOptions {
  serverSettings: Pick<ServerConnection.ISettings, 'baseUrl' | 'token'>;
  trans: TranslationBundle;
  settings: () => IGlobusSettings;
  /** Attach the XState inspector. */
  inspect?: boolean;
  /** Replaces the shim client (tests). */
  client?: IShimClient;
}

export type AuthActor = ActorRefFrom<typeof authMachine>;

export class GlobusRuntime {
  readonly client: IShimClient;
  readonly queryClient: QueryClient;
  readonly auth: AuthActor;
  readonly trans: TranslationBundle;
  readonly settings: () => IGlobusSettings;
  readonly inspect: InspectFn | undefined;

  constructor(options: IRuntimeOptions, inspect?: InspectFn) {
    this.trans = options.trans;
    this.settings = options.settings;
    this.inspect = inspect;
    this.client =
      options.client ??
      createShimClient({
        baseUrl: options.serverSettings.baseUrl,
        token: options.serverSettings.token || undefined
      });
    this.queryClient = createQueryClient(error => {
      // Any call answered login_required means the shim lost its tokens.
      if (globusErrorBodyOf(error)?.kind === 'login_required') {
        this.auth.send({ type: 'session.expired' });
      }
    });
    this.auth = createActor(
      authMachine.provide({
        actors: {
          loadSession: fromPromise<SessionInfo, void>(async () => {
            const config = await this.queryClient.fetchQuery({
              ...globusQueries.config(this.client),
              staleTime: 0
            });
            return {
              isLoggedIn: config.is_logged_in,
              isManualCopyCodeRequired: config.is_manual_copy_code_required
            };
          }),
          loginPopup: fromPromise<void, { url: string }>(({ input, signal }) =>
            openLoginPopup(input.url, { signal })
          ),
          exchangeCode: fromPromise(({ input }: { input: { code: string } }) =>
            this.client.exchangeCode(input.code)
          ),
          logout: fromPromise<unknown, void>(() => this.client.logout())
        }
      }),
      { input: { loginUrl: this.client.loginUrl() }, inspect }
    );
    this.auth.subscribe(snapshot => this.onAuthChanged(String(snapshot.value)));
    this.auth.start();
  }

  /**
   * Keep polling a submitted task until it ends, whoever else watches it, and
   * notify the user then, with a link to the task in the Globus web app.
   */
  watchTask(taskId: string, label: string | null): void {
    if (this.watched.has(taskId)) {
      return;
    }
    const observer = new QueryObserver(
      this.queryClient,
      globusQueries.task(this.client, taskId, this.settings().pollIntervalSeconds * 1000)
    );
    const unsubscribe = observer.subscribe(result => {
      if (result.data && isFinished(result.data.status)) {
        unsubscribe();
        this.watched.delete(taskId);
        this.notifyEnded(result.data, label);
        void this.queryClient.invalidateQueries({ queryKey: globusKeys.tasks() });
      }
    });
    this.watched.set(taskId, unsubscribe);
  }

  dispose(): void {
    this.watched.forEach(unsubscribe => unsubscribe());
    this.watched.clear();
    this.auth.stop();
    this.queryClient.clear();
  }

  private notifyEnded(task: TaskDocument, label: string | null): void {
    const name = label || task.label || task.task_id;
    const actions = [
      {
        label: this.trans.__('View in Globus'),
        callback: () => window.open(taskWebAppUrl(task.task_id), '_blank', 'noopener')
      }
    ];
    if (task.status === 'SUCCEEDED') {
      Notification.success(this.trans.__('Globus transfer "%1" succeeded.', name), {
        autoClose: 8000,
        actions
      });
    } else {
      Notification.error(
        this.trans.__(
          'Globus transfer "%1" failed: %2',
          name,
          task.fatal_error?.description ?? task.nice_status ?? task.status
        ),
        { autoClose: false, actions }
      );
    }
  }

  private onAuthChanged(state: string): void {
    const previous = this.authState;
    this.authState = state;
    if (state === previous) {
      return;
    }
    if (state === 'loggedIn' && previous !== 'checking' && previous !== '') {
      // A new login (popup or code) may have granted more: refetch. A plain
      // re-check of /config changed nothing the cache holds.
      void this.queryClient.invalidateQueries({ queryKey: globusKeys.all });
    } else if (state === 'loggedOut' && (previous === 'loggedIn' || previous === 'loggingOut')) {
      // Nothing fetched with the old tokens may show under the next login.
      this.queryClient.removeQueries({
        predicate: query => query.queryKey[1] !== 'config'
      });
      void this.queryClient.invalidateQueries({ queryKey: globusKeys.config() });
    }
  }

  private authState = '';
  private watched = new Map<string, () => void>();
}

/** Create the runtime, attaching the inspector first when asked (it must see the actors start). */
export async function createRuntime(options: IRuntimeOptions): Promise<GlobusRuntime> {
  const inspect = options.inspect ? await createInspect() : undefined;
  return new GlobusRuntime(options, inspect);
}
