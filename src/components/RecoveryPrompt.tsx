/**
 * The recovery of one Globus error, driven by the wizard's `recovery` child
 * (src/machines/recovery.machine.ts): an explanation and a button that logs in
 * again (consent, High Assurance, expired login), or guidance with a link to
 * the Globus web app (GCSv4 activation, S3 credentials, other problems). Each
 * is a state, never an alert.
 */
import { Button } from '@jupyterlab/ui-components';
import { useSelector } from '@xstate/react';
import React from 'react';
import type { ActorRefFrom } from 'xstate';
import { describeGlobusError } from '../api/errors';
import type { recoveryMachine } from '../machines/recovery.machine';
import { useGlobus } from './context';
import { Status } from './Status';
import { CopyCodeForm } from './CopyCodeForm';
import { LoginFailureMessage } from './LoginFailureMessage';

export type RecoveryActorRef = ActorRefFrom<typeof recoveryMachine>;

export function RecoveryPrompt(props: { recovery: RecoveryActorRef }): JSX.Element {
  const { recovery } = props;
  const { trans } = useGlobus();
  const state = useSelector(recovery, snapshot => String(snapshot.value));
  const { error, link, failure } = useSelector(recovery, snapshot => snapshot.context);
  const send = recovery.send.bind(recovery);

  const cancel = (
    <Button minimal onClick={() => send({ type: 'recovery.cancel' })}>
      {trans.__('Cancel')}
    </Button>
  );
  const webAppLink = (
    <a href={link} target="_blank" rel="noopener noreferrer">
      {trans.__('Open the Globus web app')}
    </a>
  );
  const headline: Record<string, string> = {
    explainConsent: trans.__('Consent needed'),
    explainSession: trans.__('High Assurance login needed'),
    explainLogin: trans.__('Login needed'),
    activationGuidance: trans.__('Endpoint activation needed'),
    credentialsGuidance: trans.__('Credentials needed'),
    interventionGuidance: trans.__('Action needed in the Globus web app')
  };
  const failureText = failure ? <LoginFailureMessage failure={failure} /> : null;

  let body: JSX.Element;
  switch (state) {
    case 'explainConsent':
    case 'explainSession':
    case 'explainLogin':
    case 'loginFailed':
      body = (
        <>
          <p>{describeGlobusError(error, trans)}</p>
          {failureText}
          <div className="jp-Globus-actions">
            {/* Sent from the click: the popup may only open during a user gesture. */}
            <Button className="jp-Globus-primary" onClick={() => send({ type: 'recovery.start' })}>
              {state === 'loginFailed' ? trans.__('Try again') : trans.__('Log in again')}
            </Button>
            {cancel}
          </div>
        </>
      );
      break;
    case 'reauthenticating':
      body = (
        <div role="status">
          <p>{trans.__('Complete the login in the Globus window.')}</p>
          {cancel}
        </div>
      );
      break;
    case 'awaitingCode':
    case 'exchanging':
      body = (
        <CopyCodeForm
          instructions={
            <p>
              {describeGlobusError(error, trans)}{' '}
              <a href={link} target="_blank" rel="noopener noreferrer">
                {trans.__('Open the Globus login page')}
              </a>
            </p>
          }
          label={trans.__('Authorization code')}
          checking={state === 'exchanging'}
          failure={failureText}
          onSubmit={code => send({ type: 'code.submit', code })}
          onCancel={() => send({ type: 'recovery.cancel' })}
        />
      );
      break;
    case 'autoactivating':
    case 'activating':
      body = <Status>{trans.__('Activating the endpoint…')}</Status>;
      break;
    case 'activationGuidance':
    case 'credentialsGuidance':
    case 'interventionGuidance':
      body = (
        <>
          <p>{describeGlobusError(error, trans)}</p>
          <p>
            {webAppLink} {trans.__('then come back and continue.')}
          </p>
          <div className="jp-Globus-actions">
            <Button className="jp-Globus-primary" onClick={() => send({ type: 'recovery.done' })}>
              {trans.__('Done, try again')}
            </Button>
            {cancel}
          </div>
        </>
      );
      break;
    default:
      body = <Status>{trans.__('Working…')}</Status>;
  }
  return (
    <section className="jp-Globus-recovery" aria-label={headline[state] ?? trans.__('Recovery')}>
      {headline[state] ? <h3>{headline[state]}</h3> : null}
      {body}
    </section>
  );
}
