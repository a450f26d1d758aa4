/**
 * A transfer task's progress (globus-api.md §2.7): files, bytes, rate, final
 * status, a cancel button and a link to the task in the Globus web app. The
 * task is polled by react-query, after a second at first, then backing off
 * (`taskPollDelay`, src/api/queries.ts); each new status is reported to the
 * wizard with `onStatus`.
 */
import { Button } from '@jupyterlab/ui-components';
import React, { useEffect } from 'react';
import { isFinished, useTask } from '../api/queries';
import type { TaskDocument, TaskStatus } from '../api/types';
import { useGlobus } from './context';
import { ErrorMessage } from './ErrorMessage';
import { formatBytes } from './format';

export const GLOBUS_ACTIVITY_URL = 'https://app.globus.org/activity/';

export interface ITaskProgressProps {
  taskId: string;
  onStatus?: (status: TaskStatus) => void;
  /** Offer a cancel button (hidden once the task ended or while a cancel runs). */
  onCancel?: () => void;
  cancelling?: boolean;
}

export function TaskProgress(props: ITaskProgressProps): JSX.Element {
  const { client, trans, pollMs } = useGlobus();
  const task = useTask(client, props.taskId, pollMs);
  const status = task.data?.status;
  const { onStatus } = props;
  useEffect(() => {
    if (status) {
      onStatus?.(status);
    }
  }, [status, onStatus]);

  const finished = isFinished(status);
  return (
    <div className="jp-Globus-task">
      <div role="status" aria-live="polite" className="jp-Globus-taskStatus">
        {task.data ? <TaskSummary task={task.data} /> : trans.__('Waiting for the task status…')}
      </div>
      <ErrorMessage error={task.error} />
      {task.data ? <TaskCounters task={task.data} /> : null}
      <div className="jp-Globus-actions">
        {props.onCancel && !finished ? (
          <Button minimal onClick={props.onCancel} disabled={props.cancelling}>
            {props.cancelling ? trans.__('Cancelling…') : trans.__('Cancel transfer')}
          </Button>
        ) : null}
        <a
          href={GLOBUS_ACTIVITY_URL + encodeURIComponent(props.taskId)}
          target="_blank"
          rel="noopener noreferrer"
        >
          {trans.__('View this task in the Globus web app')}
        </a>
      </div>
    </div>
  );
}

export function TaskSummary(props: { task: TaskDocument }): JSX.Element {
  const { trans } = useGlobus();
  const { task } = props;
  const texts: Record<TaskStatus, string> = {
    ACTIVE: trans.__('In progress'),
    INACTIVE: trans.__('Paused: needs attention'),
    SUCCEEDED: trans.__('Succeeded'),
    FAILED: trans.__('Failed')
  };
  const reason =
    task.status === 'FAILED' || task.status === 'INACTIVE'
      ? (task.fatal_error?.description ?? task.nice_status_short_description ?? task.nice_status)
      : null;
  return (
    <span className={`jp-Globus-taskBadge jp-Globus-task-${task.status.toLowerCase()}`}>
      {reason ? trans.__('%1: %2', texts[task.status], reason) : texts[task.status]}
    </span>
  );
}

function TaskCounters(props: { task: TaskDocument }): JSX.Element {
  const { trans } = useGlobus();
  const { task } = props;
  const total = task.files > 0 ? task.files : null;
  const skipped = task.files_skipped;
  const done = task.files_transferred + skipped;
  let files: string;
  if (total !== null) {
    files =
      skipped > 0
        ? trans.__('%1 of %2 (%3 skipped)', done, total, skipped)
        : trans.__('%1 of %2', done, total);
  } else {
    files =
      skipped > 0
        ? trans.__('%1 (%2 skipped)', task.files_transferred, skipped)
        : String(task.files_transferred);
  }
  return (
    <div className="jp-Globus-taskCounters">
      {total !== null ? (
        <progress max={total} value={Math.min(done, total)} aria-label={trans.__('Files done')} />
      ) : null}
      <dl>
        <dt>{trans.__('Files')}</dt>
        <dd>{files}</dd>
        <dt>{trans.__('Transferred')}</dt>
        <dd>{formatBytes(task.bytes_transferred)}</dd>
        <dt>{trans.__('Rate')}</dt>
        <dd>{trans.__('%1/s', formatBytes(task.effective_bytes_per_second))}</dd>
        {task.faults > 0 ? (
          <>
            <dt>{trans.__('Faults')}</dt>
            <dd>{task.faults}</dd>
          </>
        ) : null}
      </dl>
    </div>
  );
}
