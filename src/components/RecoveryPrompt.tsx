/**
 * The recovery of one Globus error, driven by the wizard's `recovery` child
 * (src/machines/recovery.machine.ts): an explanation and a button that logs in
 * again (consent, High Assurance, expired login), or guidance with a link to
 * the Globus web app (GCSv4 activation, S3 credentials, other problems). Each
 * is a state, never an alert.
 */
import { Button, InputGroup } from '@jupyterlab/ui-components';
import { useSelector } from '@xstate/react';
import React, { useState } from 'react';
import type { ActorRefFrom } from 'xstate';
import { describeGlobusError } from '../api/errors';
import type { recoveryMachine } from '../machines/recovery.machine';
import { useGlobus } from './context';

export type RecoveryActorRef = ActorRefFrom<typeof recoveryMachine>;

export function RecoveryPrompt(props: { recovery: RecoveryActorRef }): JSX.Element {
  const { recovery } = props;
  const { trans } = useGlobus();
  const state = useSelector(recovery, snapshot => String(snapshot.value));
  const { error, link, failure } = useSelector(recovery, snapshot => snapshot.context);
  const [code, setCode] = useState('');
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
  const failureText = failure ? (
    <div role="alert" className="jp-Globus-error">
      {trans.__('The login did not complete (%1). %2', failure.code, failure.message)}
    </div>
  ) : null;

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
        <form
          onSubmit={event => {
            event.preventDefault();
            send({ type: 'code.submit', code });
          }}
        >
          <p>
            {describeGlobusError(error, trans)}{' '}
            <a href={link} target="_blank" rel="noopener noreferrer">
              {trans.__('Open the Globus login page')}
            </a>
          </p>
          <InputGroup
            aria-label={trans.__('Authorization code')}
            value={code}
            autoComplete="off"
            onChange={event => setCode(event.target.value)}
          />
          {failureText}
          <div className="jp-Globus-actions">
            <Button
              className="jp-Globus-primary"
              type="submit"
              disabled={state === 'exchanging' || code.trim() === ''}
            >
              {trans.__('Submit code')}
            </Button>
            {cancel}
          </div>
        </form>
      );
      break;
    case 'autoactivating':
    case 'activating':
      body = (
        <p role="status" className="jp-Globus-status">
          {trans.__('Activating the endpoint…')}
        </p>
      );
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
      body = <p role="status">{trans.__('Working…')}</p>;
  }
  return (
    <section className="jp-Globus-recovery" aria-label={headline[state] ?? trans.__('Recovery')}>
      {headline[state] ? <h3>{headline[state]}</h3> : null}
      {body}
    </section>
  );
}
