import './support/polyfills';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import React from 'react';
import { createActor, fromPromise } from 'xstate';
import type { ManualCallbackResponse } from '../../src/api/types';
import { LoginView } from '../../src/components/LoginView';
import { authMachine, type SessionInfo } from '../../src/machines/auth.machine';
import { fakeShim } from './support/fakeShim';
import { renderWithShim } from './support/render';

const LOGIN_URL = 'http://jupyter.test/base/globus-jupyterlab/login';

function authActor(options: {
  session: SessionInfo[];
  popup?: () => Promise<void>;
  exchange?: (code: string) => Promise<ManualCallbackResponse>;
}) {
  let calls = 0;
  const actor = createActor(
    authMachine.provide({
      actors: {
        loadSession: fromPromise<SessionInfo, void>(
          async () => options.session[Math.min(calls++, options.session.length - 1)]
        ),
        loginPopup: fromPromise<void, { url: string }>(() =>
          (options.popup ?? (async () => undefined))()
        ),
        exchangeCode: fromPromise(({ input }: { input: { code: string } }) =>
          (
            options.exchange ??
            (async () => ({ result: true, status_code: 200, code: '', message: '' }))
          )(input.code)
        ),
        logout: fromPromise<unknown, void>(async () => ({ result: true }))
      }
    }),
    { input: { loginUrl: LOGIN_URL } }
  );
  actor.start();
  return actor;
}

describe('LoginView', () => {
  it('logs in with the popup and explains a blocked one', async () => {
    const popup = jest
      .fn<Promise<void>, []>()
      .mockRejectedValueOnce({ code: 'popup_blocked', message: '' })
      .mockResolvedValueOnce(undefined);
    const auth = authActor({
      session: [
        { isLoggedIn: false, isManualCopyCodeRequired: false },
        { isLoggedIn: true, isManualCopyCodeRequired: false }
      ],
      popup
    });
    const user = userEvent.setup();
    renderWithShim(<LoginView auth={auth} />, fakeShim());
    await user.click(await screen.findByRole('button', { name: 'Log in to Globus' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'The browser blocked the login window'
    );
    await user.click(screen.getByRole('button', { name: 'Log in to Globus' }));
    await waitFor(() => expect(auth.getSnapshot().value).toBe('loggedIn'));
    expect(popup).toHaveBeenCalledTimes(2);
  });

  it('on JupyterHub, takes the pasted authorization code and shows a refusal', async () => {
    const exchange = jest
      .fn<Promise<ManualCallbackResponse>, [string]>()
      .mockResolvedValueOnce({
        result: false,
        status_code: 400,
        code: 'x',
        message: 'invalid_grant'
      })
      .mockResolvedValueOnce({ result: true, status_code: 200, code: 'y', message: '' });
    const auth = authActor({
      session: [{ isLoggedIn: false, isManualCopyCodeRequired: true }],
      exchange
    });
    const user = userEvent.setup();
    renderWithShim(<LoginView auth={auth} />, fakeShim());
    await user.click(await screen.findByRole('button', { name: 'Log in to Globus' }));
    expect(screen.getByRole('link', { name: 'Globus login' })).toHaveAttribute('href', LOGIN_URL);
    const input = screen.getByLabelText('2. Paste the authorization code Globus shows you:');
    expect(screen.getByRole('button', { name: 'Submit code' })).toBeDisabled();
    await user.type(input, ' x ');
    await user.click(screen.getByRole('button', { name: 'Submit code' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'The authorization code was not accepted.invalid_grant'
    );
    expect(exchange).toHaveBeenLastCalledWith('x');
    await user.clear(input);
    await user.type(input, 'y');
    await user.click(screen.getByRole('button', { name: 'Submit code' }));
    await waitFor(() => expect(auth.getSnapshot().value).toBe('loggedIn'));
  });

  it('offers a retry when the login state cannot be read', async () => {
    const auth = createActor(
      authMachine.provide({
        actors: {
          loadSession: fromPromise<SessionInfo, void>(async () => {
            throw new Error('shim down');
          })
        }
      }),
      { input: { loginUrl: LOGIN_URL } }
    ).start();
    renderWithShim(<LoginView auth={auth} />, fakeShim());
    expect(await screen.findByRole('alert')).toHaveTextContent('The login failed.shim down');
    expect(screen.getByRole('button', { name: 'Try again' })).toBeInTheDocument();
  });
});
