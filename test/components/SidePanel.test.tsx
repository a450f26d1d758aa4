import './support/polyfills';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import React from 'react';
import { createActor, fromPromise } from 'xstate';
import { SidePanel } from '../../src/components/SidePanel';
import { authMachine, type SessionInfo } from '../../src/machines/auth.machine';
import { fakeShim } from './support/fakeShim';
import { task } from './support/fixtures';
import { renderWithShim } from './support/render';

function loggedInAuth(logout: () => Promise<unknown>) {
  return createActor(
    authMachine.provide({
      actors: {
        loadSession: fromPromise<SessionInfo, void>(async () => ({
          isLoggedIn: true,
          isManualCopyCodeRequired: false
        })),
        logout: fromPromise<unknown, void>(logout)
      }
    }),
    { input: { loginUrl: 'http://jupyter.test/login' } }
  ).start();
}

const taskList = (...tasks: ReturnType<typeof task>[]) => ({
  DATA_TYPE: 'task_list',
  DATA: tasks,
  length: tasks.length,
  limit: 10,
  offset: 0,
  total: tasks.length
});

describe('SidePanel', () => {
  it('shows the identity and the recent transfers, polling while one runs', async () => {
    let polls = 0;
    const shim = fakeShim({
      'GET whoami': [
        200,
        { name: 'Ada Lovelace', preferred_username: 'ada@example.org', identities: [] }
      ],
      'GET tasks': () => [
        200,
        taskList(
          task({
            task_id: 't1',
            label: 'nightly',
            status: polls++ < 1 ? 'ACTIVE' : 'SUCCEEDED',
            // Just submitted: the panel follows it at the base interval.
            request_time: new Date().toISOString()
          }),
          task({ task_id: 't2', label: null, status: 'FAILED', nice_status: 'PERMISSION_DENIED' })
        )
      ]
    });
    const auth = loggedInAuth(async () => ({ result: true }));
    renderWithShim(<SidePanel auth={auth} />, shim, { pollMs: 10 });
    expect(
      await screen.findByText('Logged in as Ada Lovelace (ada@example.org)')
    ).toBeInTheDocument();
    expect(await screen.findByRole('link', { name: 'nightly' })).toHaveAttribute(
      'href',
      'https://app.globus.org/activity/t1'
    );
    expect(
      screen.getByRole('link', { name: 'Jupyter → Tutorial Collection 1' })
    ).toBeInTheDocument();
    expect(screen.getByText('Failed: PERMISSION_DENIED')).toBeInTheDocument();
    await waitFor(() => expect(screen.getByText('Succeeded')).toBeInTheDocument());
    // Every task has ended: polling stops.
    const count = shim.count('GET tasks');
    await new Promise(resolve => setTimeout(resolve, 60));
    expect(shim.count('GET tasks')).toBe(count);
  });

  it('logs out and then offers the login', async () => {
    const logout = jest.fn(async () => ({ result: true }));
    const shim = fakeShim({
      'GET whoami': [200, { name: '', preferred_username: 'ada@example.org', identities: [] }],
      'GET tasks': [200, taskList()]
    });
    const auth = loggedInAuth(logout);
    const user = userEvent.setup();
    renderWithShim(<SidePanel auth={auth} />, shim);
    expect(await screen.findByText('No transfers yet.')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Log out' }));
    expect(await screen.findByRole('button', { name: 'Log in to Globus' })).toBeInTheDocument();
    expect(logout).toHaveBeenCalledTimes(1);
    expect(screen.queryByText('Recent transfers')).not.toBeInTheDocument();
  });
});
