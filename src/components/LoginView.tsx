/**
 * The Globus login, driven by the app's auth statechart
 * (src/machines/auth.machine.ts): a popup to the shim's /login, or on
 * JupyterHub (`is_manual_copy_code_required`) Globus's "copy this code" page
 * and a form to paste the code into (globus-api.md §1.3).
 */
import { Button } from '@jupyterlab/ui-components';
import { useSelector } from '@xstate/react';
import React from 'react';
import type { ActorRefFrom } from 'xstate';
import type { authMachine } from '../machines/auth.machine';
import { useGlobus } from './context';
import { Status } from './Status';
import { CopyCodeForm } from './CopyCodeForm';
import { LoginFailureMessage } from './LoginFailureMessage';

export type AuthActorRef = ActorRefFrom<typeof authMachine>;

export function LoginView(props: { auth: AuthActorRef }): JSX.Element | null {
  const { auth } = props;
  const { trans } = useGlobus();
  const state = useSelector(auth, snapshot => String(snapshot.value));
  const error = useSelector(auth, snapshot => snapshot.context.error);
  const loginUrl = useSelector(auth, snapshot => snapshot.context.loginUrl);

  const failure = error ? <LoginFailureMessage failure={error} /> : null;
  switch (state) {
    case 'checking':
    case 'verifying':
      return <Status>{trans.__('Checking your Globus login…')}</Status>;
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
        <CopyCodeForm
          className="jp-Globus-login"
          instructions={
            <p>
              {trans.__('1. Open the Globus login page and log in: ')}
              <a href={loginUrl} target="_blank" rel="noopener noreferrer">
                {trans.__('Globus login')}
              </a>
            </p>
          }
          label={trans.__('2. Paste the authorization code Globus shows you:')}
          checking={state === 'exchanging'}
          failure={failure}
          onSubmit={code => auth.send({ type: 'code.submit', code })}
          onCancel={() => auth.send({ type: 'login.cancel' })}
        />
      );
    case 'loggingOut':
      return <Status>{trans.__('Logging out…')}</Status>;
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
