import { createActor } from 'xstate';
import type { GlobusErrorBody } from '../../src/api/types';
import {
  globusWebAppLink,
  isActivated,
  recoveryMachine,
  type RecoveryInput
} from '../../src/machines/recovery.machine';
import { ControlledActors, flush } from './support/controlled-actors';
import {
  activationRequired,
  autoActivated,
  autoActivationFailed,
  consentRequired,
  credentialsRequired,
  errorsByKind,
  GCSV4_ID,
  LOGIN_URL,
  loginRequired,
  sessionRequired,
  userIntervention
} from './support/fixtures';
import { createInvokingTestModel } from './support/invoking-test-model';
import { allStateIds, describePath, runPath, valueOf } from './support/model-runner';

const events = [
  { type: 'xstate.done.actor.loginPopup' },
  { type: 'xstate.error.actor.loginPopup', error: { code: 'popup_closed', message: '' } },
  {
    type: 'xstate.done.actor.exchangeCode',
    output: { result: true, status_code: 200, code: 'Accepted', message: 'ok' }
  },
  {
    type: 'xstate.done.actor.exchangeCode',
    output: { result: false, status_code: 400, code: 'invalid_grant', message: 'bad code' }
  },
  { type: 'xstate.error.actor.exchangeCode', error: { code: 'unexpected', message: 'offline' } },
  { type: 'xstate.done.actor.autoactivate', output: autoActivated },
  { type: 'xstate.done.actor.autoactivate', output: autoActivationFailed },
  { type: 'xstate.error.actor.autoactivate', error: { code: 'unexpected', message: 'offline' } },
  { type: 'code.submit', code: 'Xy7pQ2' },
  { type: 'code.submit', code: '' }
];

function controlled() {
  const controller = new ControlledActors();
  const machine = recoveryMachine.provide({
    actors: {
      loginPopup: controller.logic(),
      exchangeCode: controller.logic(),
      autoactivate: controller.logic()
    }
  });
  return { controller, machine };
}

/** Every kind, each with and without the hub copy-code flow, plus activation without a collection id. */
const inputs: RecoveryInput[] = [
  ...Object.values(errorsByKind).flatMap(error => [
    { error, loginUrl: LOGIN_URL, isManualCopyCodeRequired: false },
    { error, loginUrl: LOGIN_URL, isManualCopyCodeRequired: true }
  ]),
  {
    error: { ...activationRequired, collection_id: undefined },
    loginUrl: LOGIN_URL,
    isManualCopyCodeRequired: false
  }
];

describe('recoveryMachine, model-based', () => {
  const visited = new Set<string>();
  const reachedByModel = new Set<string>();

  for (const input of inputs) {
    const label = `${input.error.kind}${input.isManualCopyCodeRequired ? ', copy-code' : ''}${
      input.error.collection_id ? '' : ', no collection id'
    }`;
    const paths = createInvokingTestModel(recoveryMachine, { events, input }).getShortestPaths({
      allowDuplicatePaths: true
    });
    describe(label, () => {
      for (const path of paths) {
        reachedByModel.add(`globusRecovery.${String(valueOf(path))}`);
        it(describePath(path), async () => {
          const { controller, machine } = controlled();
          const seen = await runPath(path, {
            machine,
            controller,
            input,
            check: (real, model) => expect(real.status).toBe(model.status)
          });
          for (const id of seen) {
            visited.add(id);
          }
        });
      }
    });
  }

  it('the model reaches every resting state of the chart', () => {
    const transient = ['routing', 'login', 'activating'].map(key => `globusRecovery.${key}`);
    const resting = [...allStateIds(recoveryMachine)].filter(id => !transient.includes(id));
    expect([...reachedByModel].sort()).toEqual(resting.sort());
  });

  it('the real actor passed through every state node, transient ones included', () => {
    expect([...visited].sort()).toEqual([...allStateIds(recoveryMachine)].sort());
  });
});

async function startWith(error: GlobusErrorBody, isManualCopyCodeRequired = false) {
  const { controller, machine } = controlled();
  const actor = createActor(machine, {
    input: { error, loginUrl: LOGIN_URL, isManualCopyCodeRequired }
  }).start();
  await flush();
  return { controller, actor };
}

describe('recoveryMachine, each kind', () => {
  it.each([
    ['consent_required', consentRequired, 'explainConsent'],
    ['session_required', sessionRequired, 'explainSession'],
    ['login_required', loginRequired, 'explainLogin'],
    ['credentials_required', credentialsRequired, 'credentialsGuidance'],
    ['user_intervention', userIntervention, 'interventionGuidance'],
    ['globus_error', errorsByKind.globus_error, 'unrecoverable']
  ])('%s starts in %s', async (_kind, error, state) => {
    const { actor } = await startWith(error);
    expect(actor.getSnapshot().value).toBe(state);
  });

  it('logs in again with the login URL the shim built for the consent', async () => {
    const { controller, actor } = await startWith(consentRequired);
    actor.send({ type: 'recovery.start' });
    expect(controller.inputOf('loginPopup')).toEqual({ url: consentRequired.login_url });
    controller.resolve('loginPopup', undefined);
    await flush();
    expect(actor.getSnapshot().status).toBe('done');
    expect(actor.getSnapshot().output).toEqual({ outcome: 'resolved' });
  });

  it('falls back to the plain login URL when a login_required error has none', async () => {
    const { controller, actor } = await startWith(loginRequired);
    actor.send({ type: 'recovery.start' });
    expect(controller.inputOf('loginPopup')).toEqual({ url: LOGIN_URL });
  });

  it('shows a failed popup and only retries on another click', async () => {
    const { controller, actor } = await startWith(sessionRequired);
    actor.send({ type: 'recovery.start' });
    controller.reject('loginPopup', { code: 'popup_blocked', message: 'blocked' });
    await flush();
    expect(actor.getSnapshot().value).toBe('loginFailed');
    expect(actor.getSnapshot().context.failure).toEqual({
      code: 'popup_blocked',
      message: 'blocked'
    });
    expect(controller.isPending('loginPopup')).toBe(false);
    actor.send({ type: 'recovery.start' });
    expect(controller.isPending('loginPopup')).toBe(true);
    expect(actor.getSnapshot().context.failure).toBeNull();
  });

  it('on JupyterHub exchanges the pasted code instead of waiting for the popup', async () => {
    const { controller, actor } = await startWith(consentRequired, true);
    actor.send({ type: 'recovery.start' });
    expect(actor.getSnapshot().value).toBe('awaitingCode');
    expect(controller.isPending('loginPopup')).toBe(false);
    actor.send({ type: 'code.submit', code: ' Xy7pQ2 ' });
    expect(controller.inputOf('exchangeCode')).toEqual({ code: 'Xy7pQ2' });
  });

  it('autoactivates a GCSv4 endpoint first and resolves without the user', async () => {
    const { controller, actor } = await startWith(activationRequired);
    expect(controller.inputOf('autoactivate')).toEqual({ collectionId: GCSV4_ID });
    controller.resolve('autoactivate', autoActivated);
    await flush();
    expect(actor.getSnapshot().output).toEqual({ outcome: 'resolved' });
  });

  it('sends the user to the web app when autoactivation fails', async () => {
    const { controller, actor } = await startWith(activationRequired);
    controller.resolve('autoactivate', autoActivationFailed);
    await flush();
    expect(actor.getSnapshot().value).toBe('activationGuidance');
    expect(actor.getSnapshot().context.link).toBe(activationRequired.login_url);
  });

  it('links guidance to the web app page of the collection when the error has no link', async () => {
    const { actor } = await startWith(userIntervention);
    expect(actor.getSnapshot().context.link).toBe(
      `https://app.globus.org/file-manager?origin_id=${userIntervention.collection_id}`
    );
  });

  it('cancels from any state with outcome cancelled', async () => {
    const { controller, actor } = await startWith(consentRequired);
    actor.send({ type: 'recovery.start' });
    actor.send({ type: 'recovery.cancel' });
    expect(actor.getSnapshot().output).toEqual({ outcome: 'cancelled' });
    expect(controller.isPending('loginPopup')).toBe(false);
  });

  it('refuses an input without an error, naming it', () => {
    const actor = createActor(recoveryMachine, {
      input: { loginUrl: LOGIN_URL, isManualCopyCodeRequired: false } as unknown as RecoveryInput
    });
    const errors: unknown[] = [];
    actor.subscribe({ error: error => errors.push(error) });
    actor.start();
    expect(String(errors[0])).toMatch(/recoveryMachine input: error must be a GlobusErrorBody/);
  });
});

describe('recovery helpers', () => {
  it('reads activation results as globus-api.md §2.3 lists them', () => {
    expect(isActivated(autoActivated)).toBe(true);
    expect(isActivated({ ...autoActivated, code: 'AlreadyActivated' })).toBe(true);
    expect(isActivated({ ...autoActivated, code: 'AutoActivated.GlobusOnlineCredential' })).toBe(
      true
    );
    expect(isActivated(autoActivationFailed)).toBe(false);
  });

  it('encodes the collection id into the web app link', () => {
    expect(globusWebAppLink('a b')).toBe('https://app.globus.org/file-manager?origin_id=a%20b');
    expect(globusWebAppLink(undefined)).toBe('https://app.globus.org/file-manager');
  });
});
