import { openLoginPopup } from '../../src/loginPopup';

/** A window that records what it opened and lets the test post messages to it. */
function fakeHost(popup: { closed: boolean; close: () => void } | null) {
  const target = new EventTarget();
  const opened: string[] = [];
  const host = {
    location: { origin: 'http://jupyter.test' } as Location,
    open: (url?: string | URL) => {
      opened.push(String(url));
      return popup as unknown as Window;
    },
    addEventListener: target.addEventListener.bind(target) as Window['addEventListener'],
    removeEventListener: target.removeEventListener.bind(target) as Window['removeEventListener']
  };
  const post = (origin: string, data: unknown) =>
    target.dispatchEvent(new MessageEvent('message', { origin, data }));
  return { host, opened, post };
}

describe('openLoginPopup', () => {
  it('resolves on the success message from our own origin only', async () => {
    const popup = { closed: false, close: jest.fn() };
    const { host, opened, post } = fakeHost(popup);
    let settled = false;
    const login = openLoginPopup('http://jupyter.test/globus-jupyterlab/login', { host }).then(
      () => (settled = true)
    );
    post('http://evil.test', { type: 'globus-jupyterlab:login', result: 'success' });
    post('http://jupyter.test', { type: 'something-else' });
    await Promise.resolve();
    expect(settled).toBe(false);
    post('http://jupyter.test', { type: 'globus-jupyterlab:login', result: 'success' });
    await login;
    expect(opened).toEqual(['http://jupyter.test/globus-jupyterlab/login']);
    expect(popup.close).toHaveBeenCalled();
  });

  it('rejects with the reason: blocked, error, closed, aborted', async () => {
    await expect(openLoginPopup('u', { host: fakeHost(null).host })).rejects.toMatchObject({
      code: 'popup_blocked'
    });

    const errored = fakeHost({ closed: false, close: () => undefined });
    const failing = openLoginPopup('u', { host: errored.host });
    errored.post('http://jupyter.test', {
      type: 'globus-jupyterlab:login',
      result: 'error',
      message: 'access_denied'
    });
    await expect(failing).rejects.toEqual({ code: 'login_error', message: 'access_denied' });

    const popup = { closed: false, close: () => undefined };
    const closing = openLoginPopup('u', { host: fakeHost(popup).host, closedPollMs: 5 });
    popup.closed = true;
    await expect(closing).rejects.toMatchObject({ code: 'popup_closed' });

    const controller = new AbortController();
    const aborted = openLoginPopup('u', {
      host: fakeHost({ closed: false, close: () => undefined }).host,
      signal: controller.signal
    });
    controller.abort();
    await expect(aborted).rejects.toMatchObject({ code: 'popup_closed' });
  });
});

it('takes a message that arrives just after the popup closed itself', async () => {
  const popup = { closed: false, close: () => undefined };
  const { host, post } = fakeHost(popup);
  const login = openLoginPopup('u', { host, closedPollMs: 5 });
  popup.closed = true;
  await new Promise(resolve => setTimeout(resolve, 20));
  post('http://jupyter.test', { type: 'globus-jupyterlab:login', result: 'success' });
  await expect(login).resolves.toBeUndefined();
});
