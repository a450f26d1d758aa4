import { createActor } from 'xstate';
import { createInvokingTestModel } from './support/invoking-test-model';
import { authMachine, type SessionInfo } from '../../src/machines/auth.machine';
import type { LoginFailure } from '../../src/machines/errors';
import type { ManualCallbackResponse } from '../../src/api/types';
import { ControlledActors, flush } from './support/controlled-actors';
import {
  allStateIds,
  describePath,
  runPath,
  shortestPerStateValue,
  valueOf
} from './support/model-runner';

const LOGIN_URL = 'http://127.0.0.1:8888/globus-jupyterlab/login';

const loggedIn: SessionInfo = { isLoggedIn: true, isManualCopyCodeRequired: false };
const loggedOut: SessionInfo = { isLoggedIn: false, isManualCopyCodeRequired: false };
const hubLoggedOut: SessionInfo = { isLoggedIn: false, isManualCopyCodeRequired: true };
const blocked: LoginFailure = { code: 'popup_blocked', message: 'window.open returned null' };
const accepted: ManualCallbackResponse = {
  result: true,
  status_code: 200,
  code: 'Accepted',
  message: 'Login successful'
};
const rejected: ManualCallbackResponse = {
  result: false,
  status_code: 400,
  code: 'invalid_grant',
  message: 'The authorization code is invalid'
};
const shimDown = { code: 'unexpected', message: 'connect ECONNREFUSED' };

/** Sample payloads for the graph traversal; events not listed are sent as `{type}`. */
const events = [
  { type: 'xstate.done.actor.loadSession', output: loggedIn },
  { type: 'xstate.done.actor.loadSession', output: loggedOut },
  { type: 'xstate.done.actor.loadSession', output: hubLoggedOut },
  { type: 'xstate.error.actor.loadSession', error: shimDown },
  { type: 'xstate.done.actor.loginPopup' },
  { type: 'xstate.error.actor.loginPopup', error: blocked },
  { type: 'xstate.done.actor.exchangeCode', output: accepted },
  { type: 'xstate.done.actor.exchangeCode', output: rejected },
  { type: 'xstate.error.actor.exchangeCode', error: shimDown },
  { type: 'xstate.done.actor.logout' },
  { type: 'xstate.error.actor.logout', error: shimDown },
  { type: 'code.submit', code: 'a1B2c3D4' },
  { type: 'code.submit', code: '   ' }
];

function controlled() {
  const controller = new ControlledActors();
  const machine = authMachine.provide({
    actors: {
      loadSession: controller.logic<SessionInfo, void>(),
      loginPopup: controller.logic(),
      exchangeCode: controller.logic(),
      logout: controller.logic()
    }
  });
  return { controller, machine };
}

const input = { loginUrl: LOGIN_URL };
const model = createInvokingTestModel(authMachine, { events, input });
const paths = model.getShortestPaths({ allowDuplicatePaths: true });

describe('authMachine, model-based', () => {
  it('the traversal reaches every state of the chart', () => {
    const reached = new Set(paths.map(path => `globusAuth.${String(valueOf(path))}`));
    expect([...reached].sort()).toEqual([...allStateIds(authMachine)].sort());
  });

  const visited = new Set<string>();
  it('has one shortest path per resting state', () => {
    expect(shortestPerStateValue(paths)).toHaveLength(allStateIds(authMachine).size);
  });

  // Every distinct (state, context) of the graph, by its shortest path, replayed on a real actor.
  for (const path of paths) {
    it(describePath(path), async () => {
      const { controller, machine } = controlled();
      for (const id of await runPath(path, { machine, controller, input })) {
        visited.add(id);
      }
    });
  }

  it('the real actor passed through every state node', () => {
    expect([...visited].sort()).toEqual([...allStateIds(authMachine)].sort());
  });
});

describe('authMachine, focused', () => {
  it('rejects a missing login URL with a clear error', () => {
    const actor = createActor(authMachine, { input: { loginUrl: '' } });
    const errors: unknown[] = [];
    actor.subscribe({ error: error => errors.push(error) });
    actor.start();
    expect(String(errors[0])).toMatch(/loginUrl must be the shim \/login URL/);
  });

  it('fails loudly when an actor was not provided', async () => {
    const actor = createActor(authMachine, { input }).start();
    await flush();
    expect(actor.getSnapshot().value).toBe('failed');
    expect(actor.getSnapshot().context.error?.message).toMatch(
      /the "loadSession" actor was not provided/
    );
  });

  it('opens the popup with the login URL and re-reads the session after it', async () => {
    const { controller, machine } = controlled();
    const actor = createActor(machine, { input }).start();
    controller.resolve('loadSession', loggedOut);
    await flush();
    actor.send({ type: 'login' });
    expect(controller.inputOf('loginPopup')).toEqual({ url: LOGIN_URL });
    controller.resolve('loginPopup', undefined);
    await flush();
    expect(actor.getSnapshot().value).toBe('verifying');
    expect(controller.isPending('loadSession')).toBe(true);
  });

  it('sends the trimmed code to the exchange', async () => {
    const { controller, machine } = controlled();
    const actor = createActor(machine, { input }).start();
    controller.resolve('loadSession', hubLoggedOut);
    await flush();
    actor.send({ type: 'login' });
    actor.send({ type: 'code.submit', code: '  xyz789 \n' });
    expect(controller.inputOf('exchangeCode')).toEqual({ code: 'xyz789' });
  });

  it('stops waiting for the popup on login.cancel', async () => {
    const { controller, machine } = controlled();
    const actor = createActor(machine, { input }).start();
    controller.resolve('loadSession', loggedOut);
    await flush();
    actor.send({ type: 'login' });
    expect(controller.isPending('loginPopup')).toBe(true);
    actor.send({ type: 'login.cancel' });
    expect(controller.isPending('loginPopup')).toBe(false);
    expect(actor.getSnapshot().value).toBe('loggedOut');
  });
});
