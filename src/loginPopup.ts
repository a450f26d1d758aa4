/**
 * The login popup: opens the shim's /login, which redirects to Globus Auth and
 * back to the shim's /oauth_callback page; that page posts a
 * `LoginCompleteMessage` to its opener. The promise settles on that message,
 * and rejects with a `LoginFailure` (src/machines/errors.ts) when
 * the popup is blocked, closed early or reports an error.
 */
import type { LoginCompleteMessage } from './api/types';
import type { LoginFailure } from './machines/errors';

export interface ILoginPopupOptions {
  /** Aborting closes the popup (the wizard step was left, the user cancelled). */
  signal?: AbortSignal;
  /** The window to open from (tests pass a fake). */
  host?: Pick<Window, 'open' | 'addEventListener' | 'removeEventListener' | 'location'>;
  /** How often to check whether the user closed the popup. */
  closedPollMs?: number;
}

const POPUP_FEATURES = 'popup=yes,width=600,height=760';
/** How long a closed popup's last message may take to arrive. */
const CLOSED_GRACE_MS = 400;

export function isLoginCompleteMessage(data: unknown): data is LoginCompleteMessage {
  return (
    typeof data === 'object' &&
    data !== null &&
    (data as { type?: unknown }).type === 'globus-jupyterlab:login' &&
    ['success', 'error'].includes((data as { result?: unknown }).result as string)
  );
}

export function openLoginPopup(url: string, options: ILoginPopupOptions = {}): Promise<void> {
  const host = options.host ?? window;
  // Must run synchronously inside the click handler, or the browser blocks it.
  const popup = host.open(url, 'globus-jupyterlab-login', POPUP_FEATURES);
  return new Promise<void>((resolve, reject) => {
    if (!popup) {
      reject(failure('popup_blocked', 'The browser blocked the login window.'));
      return;
    }
    const timer: { id?: ReturnType<typeof setInterval> } = {};
    let settled = false;
    const finish = (settle: () => void) => {
      if (settled) {
        return;
      }
      settled = true;
      host.removeEventListener('message', onMessage);
      options.signal?.removeEventListener('abort', onAbort);
      clearInterval(timer.id);
      settle();
    };
    const onMessage = (event: MessageEvent) => {
      // Only our own page (the shim is served from the Jupyter origin) may end the login.
      if (event.origin !== host.location.origin || !isLoginCompleteMessage(event.data)) {
        return;
      }
      const message = event.data;
      finish(() => {
        popup.close();
        if (message.result === 'success') {
          resolve();
        } else {
          reject(failure('login_error', message.message ?? 'Login failed.'));
        }
      });
    };
    const onAbort = () =>
      finish(() => {
        popup.close();
        reject(failure('popup_closed', 'The login was cancelled.'));
      });
    host.addEventListener('message', onMessage);
    options.signal?.addEventListener('abort', onAbort);
    timer.id = setInterval(() => {
      if (popup.closed) {
        clearInterval(timer.id);
        // The callback page leaves closing to us, but closes itself after a few
        // seconds if our listener is gone; give a message already in flight a
        // moment before calling the login abandoned.
        setTimeout(
          () => finish(() => reject(failure('popup_closed', 'The login window was closed.'))),
          CLOSED_GRACE_MS
        );
      }
    }, options.closedPollMs ?? 500);
  });
}

function failure(
  code: Extract<LoginFailure['code'], 'popup_blocked' | 'popup_closed' | 'login_error'>,
  message: string
): LoginFailure {
  return { code, message };
}
