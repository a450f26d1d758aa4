import './support/polyfills';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import React from 'react';
import type { TaskStatus } from '../../src/api/types';
import { TaskProgress } from '../../src/components/TaskProgress';
import { fakeShim } from './support/fakeShim';
import { task } from './support/fixtures';
import { renderWithShim } from './support/render';

const TASK_ID = task().task_id;

describe('TaskProgress', () => {
  it('polls the task, shows files, bytes and rate, and stops once it ended', async () => {
    const answers = [
      task({ status: 'ACTIVE', files_transferred: 1, files: 4, bytes_transferred: 2048 }),
      task({
        status: 'ACTIVE',
        files_transferred: 3,
        files: 4,
        bytes_transferred: 3 * 1024 * 1024
      }),
      task({ status: 'SUCCEEDED', files_transferred: 4, files: 4, completion_time: 'now' })
    ];
    let polls = 0;
    const shim = fakeShim({
      [`GET task/${TASK_ID}`]: () => [200, answers[Math.min(polls++, answers.length - 1)]]
    });
    const statuses: TaskStatus[] = [];
    renderWithShim(<TaskProgress taskId={TASK_ID} onStatus={s => statuses.push(s)} />, shim, {
      pollMs: 10
    });
    expect(await screen.findByText('Succeeded')).toBeInTheDocument();
    expect(screen.getByRole('status')).toHaveTextContent('Succeeded');
    expect(screen.getByText('4 of 4')).toBeInTheDocument();
    expect(screen.getByRole('progressbar', { name: 'Files done' })).toHaveAttribute('value', '4');
    expect(statuses).toEqual(['ACTIVE', 'SUCCEEDED']);
    const pollsAtEnd = shim.count(`GET task/${TASK_ID}`);
    await new Promise(resolve => setTimeout(resolve, 80));
    expect(shim.count(`GET task/${TASK_ID}`)).toBe(pollsAtEnd);
    expect(screen.queryByRole('button', { name: 'Cancel transfer' })).not.toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: 'View this task in the Globus web app' })
    ).toHaveAttribute('href', `https://app.globus.org/activity/${TASK_ID}`);
  });

  it('checks a just-submitted task again after a second, not after the full interval', async () => {
    let polls = 0;
    const shim = fakeShim({
      [`GET task/${TASK_ID}`]: () => [200, task({ status: polls++ === 0 ? 'ACTIVE' : 'SUCCEEDED' })]
    });
    renderWithShim(<TaskProgress taskId={TASK_ID} />, shim, { pollMs: 5000 });
    expect(await screen.findByText('In progress')).toBeInTheDocument();
    const started = Date.now();
    expect(await screen.findByText('Succeeded', {}, { timeout: 3000 })).toBeInTheDocument();
    expect(Date.now() - started).toBeLessThan(2500);
    expect(shim.count(`GET task/${TASK_ID}`)).toBe(2);
  });

  it('shows why a task failed', async () => {
    const shim = fakeShim({
      [`GET task/${TASK_ID}`]: [
        200,
        task({
          status: 'FAILED',
          fatal_error: { code: 'CANCELED', description: 'canceled by the user' }
        })
      ]
    });
    renderWithShim(<TaskProgress taskId={TASK_ID} />, shim);
    expect(await screen.findByText('Failed: canceled by the user')).toBeInTheDocument();
  });

  it('counts skipped files as done, and says how many were skipped', async () => {
    const shim = fakeShim({
      [`GET task/${TASK_ID}`]: [
        200,
        task({ status: 'SUCCEEDED', files: 4, files_transferred: 2, files_skipped: 1 })
      ]
    });
    renderWithShim(<TaskProgress taskId={TASK_ID} />, shim);
    expect(await screen.findByText('3 of 4 (1 skipped)')).toBeInTheDocument();
    expect(screen.getByRole('progressbar', { name: 'Files done' })).toHaveAttribute('value', '3');
  });

  it('offers cancel while the task runs', async () => {
    const shim = fakeShim({ [`GET task/${TASK_ID}`]: [200, task({ status: 'ACTIVE' })] });
    const onCancel = jest.fn();
    const user = userEvent.setup();
    renderWithShim(<TaskProgress taskId={TASK_ID} onCancel={onCancel} />, shim, { pollMs: 1000 });
    await user.click(await screen.findByRole('button', { name: 'Cancel transfer' }));
    expect(onCancel).toHaveBeenCalledTimes(1);
    await waitFor(() => expect(screen.getByText('In progress')).toBeInTheDocument());
  });
});
