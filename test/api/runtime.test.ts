import '../components/support/polyfills';
import { Notification } from '@jupyterlab/apputils';
import { waitFor } from '@testing-library/react';
import { globusKeys } from '../../src/api/queries';
import { GlobusRuntime, taskWebAppUrl } from '../../src/runtime';
import { DEFAULT_SETTINGS } from '../../src/settings';
import { fakeShim } from '../components/support/fakeShim';
import { config, globusError, task } from '../components/support/fixtures';
import { trans } from '../components/support/render';

function runtimeFor(shim: ReturnType<typeof fakeShim>) {
  return new GlobusRuntime({
    serverSettings: { baseUrl: 'http://jupyter.test/base/', token: '' },
    trans,
    settings: () => ({ ...DEFAULT_SETTINGS, pollIntervalSeconds: 0.01 }),
    client: shim.client
  });
}

describe('GlobusRuntime', () => {
  afterEach(() => Notification.manager.dismiss());

  it('reads the login state from /config', async () => {
    const shim = fakeShim({ 'GET config': [200, config({ is_logged_in: true })] });
    const runtime = runtimeFor(shim);
    await waitFor(() => expect(runtime.auth.getSnapshot().value).toBe('loggedIn'));
    runtime.dispose();
  });

  it('watches a submitted task to its end and notifies with a link to the web app', async () => {
    let polls = 0;
    const id = task().task_id;
    const shim = fakeShim({
      'GET config': [200, config()],
      [`GET task/${id}`]: () => [200, task({ status: polls++ < 2 ? 'ACTIVE' : 'SUCCEEDED' })]
    });
    const runtime = runtimeFor(shim);
    runtime.watchTask(id, 'nightly');
    runtime.watchTask(id, 'nightly');
    await waitFor(() => expect(Notification.manager.count).toBe(1));
    const [notification] = Notification.manager.notifications;
    expect(notification.message).toBe('Globus transfer "nightly" succeeded.');
    expect(notification.type).toBe('success');
    expect(notification.options.actions?.[0].label).toBe('View in Globus');
    // Polling stopped with the task; one watcher despite two calls.
    const count = shim.count(`GET task/${id}`);
    await new Promise(resolve => setTimeout(resolve, 50));
    expect(shim.count(`GET task/${id}`)).toBe(count);
    expect(count).toBe(3);
    expect(taskWebAppUrl(id)).toBe(`https://app.globus.org/activity/${id}`);
    runtime.dispose();
  });

  it('reports a failed task as an error that stays', async () => {
    const id = task().task_id;
    const shim = fakeShim({
      'GET config': [200, config()],
      [`GET task/${id}`]: [
        200,
        task({
          status: 'FAILED',
          fatal_error: { code: 'PERMISSION_DENIED', description: 'denied' }
        })
      ]
    });
    const runtime = runtimeFor(shim);
    runtime.watchTask(id, null);
    await waitFor(() => expect(Notification.manager.count).toBe(1));
    const [notification] = Notification.manager.notifications;
    expect(notification.message).toBe('Globus transfer "my transfer" failed: denied');
    expect(notification.type).toBe('error');
    expect(notification.options.autoClose).toBe(false);
    runtime.dispose();
  });

  it('logs out the app when any call answers login_required, and drops cached data', async () => {
    const shim = fakeShim({
      'GET config': [200, config({ is_logged_in: true })],
      'GET whoami': [401, globusError('login_required')]
    });
    const runtime = runtimeFor(shim);
    await waitFor(() => expect(runtime.auth.getSnapshot().value).toBe('loggedIn'));
    runtime.queryClient.setQueryData(globusKeys.bookmarks(), {
      DATA_TYPE: 'bookmark_list',
      DATA: []
    });
    await expect(
      runtime.queryClient.fetchQuery({
        queryKey: globusKeys.whoami(),
        queryFn: () => runtime.client.whoami(),
        retry: false
      })
    ).rejects.toThrow(/login_required/);
    expect(runtime.auth.getSnapshot().value).toBe('loggedOut');
    expect(runtime.auth.getSnapshot().context.error?.code).toBe('session_expired');
    expect(runtime.queryClient.getQueryData(globusKeys.bookmarks())).toBeUndefined();
    runtime.dispose();
  });
});
