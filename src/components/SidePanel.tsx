/**
 * The "Globus" side panel: login state and identity, logout, and the user's
 * recent transfers with live status (polled while any is running, with
 * backoff; react-query pauses it in hidden tabs).
 */
import { Button } from '@jupyterlab/ui-components';
import { useSelector } from '@xstate/react';
import React from 'react';
import { useRecentTasks, useWhoAmI } from '../api/queries';
import { useGlobus } from './context';
import { ErrorMessage } from './ErrorMessage';
import { formatBytes } from './format';
import { LoginView, type AuthActorRef } from './LoginView';
import { GLOBUS_ACTIVITY_URL, TaskSummary } from './TaskProgress';

export function SidePanel(props: { auth: AuthActorRef }): JSX.Element {
  const { auth } = props;
  const { client, trans, pollMs } = useGlobus();
  const loggedIn = useSelector(auth, snapshot => snapshot.matches('loggedIn'));
  const whoami = useWhoAmI(client, loggedIn);
  const tasks = useRecentTasks(client, loggedIn, pollMs);
  return (
    <div className="jp-Globus-panel">
      <header className="jp-Globus-panelHeader">
        <h2>{trans.__('Globus')}</h2>
      </header>
      {loggedIn ? (
        <section aria-label={trans.__('Account')} className="jp-Globus-account">
          <p>
            {whoami.data
              ? trans.__(
                  'Logged in as %1 (%2)',
                  whoami.data.name || whoami.data.preferred_username,
                  whoami.data.preferred_username
                )
              : trans.__('Logged in')}
          </p>
          <Button small minimal onClick={() => auth.send({ type: 'logout' })}>
            {trans.__('Log out')}
          </Button>
        </section>
      ) : (
        <LoginView auth={auth} />
      )}
      {loggedIn ? (
        <section aria-label={trans.__('Recent transfers')} className="jp-Globus-recent">
          <h3>{trans.__('Recent transfers')}</h3>
          <ErrorMessage error={tasks.error} />
          {tasks.data && tasks.data.DATA.length === 0 ? (
            <p className="jp-Globus-empty">{trans.__('No transfers yet.')}</p>
          ) : null}
          <ul className="jp-Globus-taskList">
            {(tasks.data?.DATA ?? []).map(task => (
              <li key={task.task_id}>
                <a
                  href={GLOBUS_ACTIVITY_URL + encodeURIComponent(task.task_id)}
                  target="_blank"
                  rel="noopener noreferrer"
                  className="jp-Globus-taskLabel"
                >
                  {task.label ||
                    trans.__(
                      '%1 → %2',
                      task.source_endpoint_display_name ?? task.source_endpoint_id,
                      task.destination_endpoint_display_name ?? task.destination_endpoint_id
                    )}
                </a>
                <TaskSummary task={task} />
                <span className="jp-Globus-detail">
                  {trans._n(
                    '%1 file, %2',
                    '%1 files, %2',
                    task.files_transferred,
                    formatBytes(task.bytes_transferred)
                  )}
                </span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
