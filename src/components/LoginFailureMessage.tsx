/**
 * Why a login did not finish, in the user's words: one wording for the panel's login and for a
 * recovery's re-login (never the raw failure code).
 */
import React from 'react';
import type { LoginFailure } from '../machines/errors';
import { useGlobus } from './context';

export function LoginFailureMessage(props: { failure: LoginFailure }): JSX.Element {
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
