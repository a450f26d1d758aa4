import './support/polyfills';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import React from 'react';
import { createActor, fromPromise } from 'xstate';
import type {
  ActivationResultResponse,
  GlobusErrorBody,
  ManualCallbackResponse
} from '../../src/api/types';
import { RecoveryPrompt } from '../../src/components/RecoveryPrompt';
import { recoveryMachine } from '../../src/machines/recovery.machine';
import { fakeShim } from './support/fakeShim';
import { globusError, REMOTE_ID } from './support/fixtures';
import { renderWithShim } from './support/render';

function recovery(
  error: GlobusErrorBody,
  options: { popup?: () => Promise<void>; activate?: () => Promise<ActivationResultResponse> } = {}
) {
  return createActor(
    recoveryMachine.provide({
      actors: {
        loginPopup: fromPromise<void, { url: string }>(() =>
          (options.popup ?? (async () => undefined))()
        ),
        autoactivate: fromPromise(() =>
          (
            options.activate ??
            (async () => ({
              DATA_TYPE: 'activation_result' as const,
              code: 'AutoActivationFailed',
              message: ''
            }))
          )()
        )
      }
    }),
    { input: { error, loginUrl: 'http://jupyter.test/login', isManualCopyCodeRequired: false } }
  ).start();
}

describe('RecoveryPrompt', () => {
  it('explains High Assurance and logs in again with the error’s login URL', async () => {
    const popup = jest.fn(async () => undefined);
    const actor = recovery(
      globusError('session_required', {
        authorization_parameters: { session_message: 'Use your globus.org identity.' }
      }),
      { popup }
    );
    const user = userEvent.setup();
    renderWithShim(<RecoveryPrompt recovery={actor} />, fakeShim());
    expect(
      screen.getByRole('heading', { name: 'High Assurance login needed' })
    ).toBeInTheDocument();
    expect(screen.getByText(/Use your globus.org identity./)).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Log in again' }));
    await waitFor(() => expect(actor.getSnapshot().output).toEqual({ outcome: 'resolved' }));
    expect(popup).toHaveBeenCalledTimes(1);
  });

  it('shows a failed login once and waits for another click', async () => {
    const popup = jest.fn(async () => {
      throw { code: 'popup_closed', message: 'closed' };
    });
    const actor = recovery(globusError('consent_required'), { popup });
    const user = userEvent.setup();
    renderWithShim(<RecoveryPrompt recovery={actor} />, fakeShim());
    await user.click(screen.getByRole('button', { name: 'Log in again' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'The login window was closed before the login finished.closed'
    );
    expect(screen.getByRole('button', { name: 'Try again' })).toBeInTheDocument();
    expect(popup).toHaveBeenCalledTimes(1);
  });

  it('on JupyterHub, logs in again with a pasted code and shows a refused one', async () => {
    const exchange = jest
      .fn<Promise<ManualCallbackResponse>, [string]>()
      .mockResolvedValueOnce({ result: false, status_code: 400, code: 'x', message: 'bad code' })
      .mockResolvedValueOnce({ result: true, status_code: 200, code: 'y', message: '' });
    const actor = createActor(
      recoveryMachine.provide({
        actors: {
          exchangeCode: fromPromise(({ input }: { input: { code: string } }) =>
            exchange(input.code)
          )
        }
      }),
      {
        input: {
          error: globusError('consent_required', { login_url: 'https://auth.test/consent' }),
          loginUrl: 'http://jupyter.test/login',
          isManualCopyCodeRequired: true
        }
      }
    ).start();
    const user = userEvent.setup();
    renderWithShim(<RecoveryPrompt recovery={actor} />, fakeShim());
    await user.click(screen.getByRole('button', { name: 'Log in again' }));
    expect(screen.getByRole('link', { name: 'Open the Globus login page' })).toHaveAttribute(
      'href',
      'https://auth.test/consent'
    );
    const field = screen.getByLabelText('Authorization code');
    expect(screen.getByRole('button', { name: 'Submit code' })).toBeDisabled();
    await user.type(field, ' wrong ');
    await user.click(screen.getByRole('button', { name: 'Submit code' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('bad code');
    await user.clear(field);
    await user.type(field, 'right');
    await user.click(screen.getByRole('button', { name: 'Submit code' }));
    await waitFor(() => expect(actor.getSnapshot().output).toEqual({ outcome: 'resolved' }));
    expect(exchange.mock.calls).toEqual([['wrong'], ['right']]);
  });

  it('guides a GCSv4 activation to the web app when autoactivation fails', async () => {
    const actor = recovery(
      globusError('activation_required', {
        collection_id: REMOTE_ID,
        login_url: `https://app.globus.org/file-manager?origin_id=${REMOTE_ID}`
      })
    );
    const user = userEvent.setup();
    renderWithShim(<RecoveryPrompt recovery={actor} />, fakeShim());
    expect(
      await screen.findByRole('heading', { name: 'Endpoint activation needed' })
    ).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Open the Globus web app' })).toHaveAttribute(
      'href',
      `https://app.globus.org/file-manager?origin_id=${REMOTE_ID}`
    );
    await user.click(screen.getByRole('button', { name: 'Done, try again' }));
    expect(actor.getSnapshot().output).toEqual({ outcome: 'resolved' });
  });

  it('guides S3 credentials, and can be cancelled', async () => {
    const actor = recovery(globusError('credentials_required', { collection_id: REMOTE_ID }));
    const user = userEvent.setup();
    renderWithShim(<RecoveryPrompt recovery={actor} />, fakeShim());
    expect(screen.getByRole('heading', { name: 'Credentials needed' })).toBeInTheDocument();
    expect(screen.getByText(/needs a credential/)).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(actor.getSnapshot().output).toEqual({ outcome: 'cancelled' });
  });
});
