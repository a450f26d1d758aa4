/**
 * The Globus login, driven by the app's auth statechart
 * (src/machines/auth.machine.ts): a popup to the shim's /login, or on
 * JupyterHub (`is_manual_copy_code_required`) Globus's "copy this code" page
 * and a form to paste the code into (globus-api.md §1.3).
 */
import { Button, InputGroup } from '@jupyterlab/ui-components';
import { useSelector } from '@xstate/react';
import React, { useState } from 'react';
import type { ActorRefFrom } from 'xstate';
import type { authMachine } from '../machines/auth.machine';
import type { LoginFailure } from '../machines/errors';
import { useGlobus } from './context';

export type AuthActorRef = ActorRefFrom<typeof authMachine>;

export function LoginView(props: { auth: AuthActorRef }): JSX.Element | null {
  const { auth } = props;
  const { trans } = useGlobus();
  const state = useSelector(auth, snapshot => String(snapshot.value));
  const error = useSelector(auth, snapshot => snapshot.context.error);
  const loginUrl = useSelector(auth, snapshot => snapshot.context.loginUrl);
  const [code, setCode] = useState('');

  const failure = error ? <LoginFailureMessage failure={error} /> : null;
  switch (state) {
    case 'checking':
    case 'verifying':
      return (
        <p role="status" className="jp-Globus-status">
          {trans.__('Checking your Globus login…')}
        </p>
      );
    case 'loggedOut':
      return (
        <div className="jp-Globus-login">
          <p>{trans.__('Log in to Globus to transfer files from and to this Jupyter server.')}</p>
          {failure}
          {/* `login` opens the popup synchronously: it must be sent from the click. */}
          <Button className="jp-Globus-primary" onClick={() => auth.send({ type: 'login' })}>
            {trans.__('Log in to Globus')}
          </Button>
        </div>
      );
    case 'popup':
      return (
        <div className="jp-Globus-login" role="status">
          <p>{trans.__('Complete the login in the Globus window.')}</p>
          <Button minimal onClick={() => auth.send({ type: 'login.cancel' })}>
            {trans.__('Cancel')}
          </Button>
        </div>
      );
    case 'awaitingCode':
    case 'exchanging':
      return (
        <form
          className="jp-Globus-login"
          onSubmit={event => {
            event.preventDefault();
            auth.send({ type: 'code.submit', code });
          }}
        >
          <p>
            {trans.__('1. Open the Globus login page and log in: ')}
            <a href={loginUrl} target="_blank" rel="noopener noreferrer">
              {trans.__('Globus login')}
            </a>
          </p>
          <label htmlFor="jp-Globus-code">
            {trans.__('2. Paste the authorization code Globus shows you:')}
          </label>
          <InputGroup
            id="jp-Globus-code"
            value={code}
            autoComplete="off"
            onChange={event => setCode(event.target.value)}
          />
          {failure}
          <div className="jp-Globus-actions">
            <Button
              className="jp-Globus-primary"
              type="submit"
              disabled={state === 'exchanging' || code.trim() === ''}
            >
              {state === 'exchanging' ? trans.__('Checking the code…') : trans.__('Submit code')}
            </Button>
            <Button type="button" minimal onClick={() => auth.send({ type: 'login.cancel' })}>
              {trans.__('Cancel')}
            </Button>
          </div>
        </form>
      );
    case 'loggingOut':
      return (
        <p role="status" className="jp-Globus-status">
          {trans.__('Logging out…')}
        </p>
      );
    case 'failed':
      return (
        <div className="jp-Globus-login">
          {failure}
          <Button className="jp-Globus-primary" onClick={() => auth.send({ type: 'retry' })}>
            {trans.__('Try again')}
          </Button>
        </div>
      );
    default:
      return null;
  }
}

function LoginFailureMessage(props: { failure: LoginFailure }): JSX.Element {
  const { trans } = useGlobus();
  const headlines: Record<LoginFailure['code'], string> = {
    popup_blocked: trans.__(
      'The browser blocked the login window. Allow pop-ups for this site and try again.'
    ),
    popup_closed: trans.__('The login window was closed before the login finished.'),
    login_error: trans.__('Globus reported an error during the login.'),
    code_rejected: trans.__('The authorization code was not accepted.'),
    not_logged_in: trans.__('The login did not complete. Please try again.'),
    session_expired: trans.__('Your Globus session has expired. Please log in again.'),
    unexpected: trans.__('The login failed.')
  };
  return (
    <div role="alert" className="jp-Globus-error">
      {headlines[props.failure.code]}
      {props.failure.message ? (
        <div className="jp-Globus-detail">{props.failure.message}</div>
      ) : null}
    </div>
  );
}
