/**
 * The wizard with its REAL recovery child: only the Globus-facing actors
 * (loadCollection, submitTransfer, loginPopup, exchangeCode, autoactivate)
 * are controlled. Each recovery path end to end, and its bound.
 */
import { type AnyActorRef, createActor } from 'xstate';
import { recoveryMachine } from '../../src/machines/recovery.machine';
import {
  transferWizardMachine,
  type WizardEmitted,
  type WizardInput
} from '../../src/machines/wizard.machine';
import { ControlledActors, flush } from './support/controlled-actors';
import {
  autoActivated,
  collection,
  consentRequired,
  GCSV4_ID,
  loginRequired,
  sessionRequired
} from './support/fixtures';
import { fileInput, folderInput } from './support/wizard-model';

function start(input: WizardInput) {
  const controller = new ControlledActors();
  const machine = transferWizardMachine.provide({
    actors: {
      loadCollection: controller.logic(),
      submitTransfer: controller.logic(),
      cancelTask: controller.logic(),
      recovery: recoveryMachine.provide({
        actors: {
          loginPopup: controller.logic(),
          exchangeCode: controller.logic(),
          autoactivate: controller.logic()
        }
      })
    }
  });
  const actor = createActor(machine, { input }).start();
  const emitted: WizardEmitted[] = [];
  actor.on('*', event => emitted.push(event));
  return { controller, actor, emitted };
}

type Wizard = ReturnType<typeof start>;

function recoveryState(actor: Wizard['actor']): unknown {
  const child = actor.getSnapshot().children.recovery as AnyActorRef | undefined;
  return child?.getSnapshot().value;
}

async function toBrowse({ actor, controller }: Wizard, doc = collection()) {
  actor.send({ type: 'collection.select', id: doc.id });
  controller.resolve('loadCollection', doc);
  await flush();
  expect(actor.getSnapshot().value).toBe('browse');
}

async function toSubmitting(wizard: Wizard) {
  await toBrowse(wizard);
  wizard.actor.send({ type: 'next' });
  wizard.actor.send({ type: 'next' });
  wizard.actor.send({ type: 'submit' });
  expect(wizard.actor.getSnapshot().value).toBe('submitting');
}

describe('consent (data_access) while browsing', () => {
  it('explains, logs in with the consent URL, retries the listing, and stops after one round-trip', async () => {
    const wizard = start(folderInput);
    const { actor, controller, emitted } = wizard;
    await toBrowse(wizard);

    actor.send({ type: 'listing.failed', error: consentRequired });
    expect(actor.getSnapshot().value).toBe('recovering');
    expect(recoveryState(actor)).toBe('explainConsent');
    expect(controller.isPending('loginPopup')).toBe(false);

    actor.send({ type: 'recovery.start' });
    expect(recoveryState(actor)).toBe('reauthenticating');
    expect(controller.inputOf('loginPopup')).toEqual({ url: consentRequired.login_url });
    controller.resolve('loginPopup', undefined);
    await flush();

    // The same step again, by itself.
    expect(actor.getSnapshot().value).toBe('browse');
    expect(actor.getSnapshot().context.error).toBeNull();
    expect(emitted).toContainEqual({ type: 'recovery.resolved', kind: 'consent_required' });

    // The consent did not take: the error shows, no second popup.
    actor.send({ type: 'listing.failed', error: consentRequired });
    expect(actor.getSnapshot().value).toBe('error');
    expect(actor.getSnapshot().context.error).toEqual(consentRequired);
    expect(recoveryState(actor)).toBeUndefined();
    expect(controller.started.filter(s => s.id === 'loginPopup')).toHaveLength(1);
  });

  it('a user action (opening a folder) allows one more recovery', async () => {
    const wizard = start(folderInput);
    const { actor, controller } = wizard;
    await toBrowse(wizard);
    actor.send({ type: 'listing.failed', error: consentRequired });
    actor.send({ type: 'recovery.start' });
    controller.resolve('loginPopup', undefined);
    await flush();
    actor.send({ type: 'path.change', path: '/~/other/' });
    actor.send({ type: 'listing.failed', error: consentRequired });
    expect(actor.getSnapshot().value).toBe('recovering');
  });

  it('cancelling the recovery goes back to choosing a collection', async () => {
    const wizard = start(folderInput);
    await toBrowse(wizard);
    wizard.actor.send({ type: 'listing.failed', error: consentRequired });
    wizard.actor.send({ type: 'recovery.cancel' });
    await flush();
    expect(wizard.actor.getSnapshot().value).toBe('chooseCollection');
    expect(wizard.actor.getSnapshot().context.error).toBeNull();
  });
});

describe('High Assurance at submit on JupyterHub (copy-code)', () => {
  it('exchanges the pasted code, then submits the same request again', async () => {
    const wizard = start({ ...folderInput, isManualCopyCodeRequired: true });
    const { actor, controller } = wizard;
    await toSubmitting(wizard);
    const firstRequest = controller.inputOf('submitTransfer');
    controller.reject('submitTransfer', sessionRequired);
    await flush();
    expect(recoveryState(actor)).toBe('explainSession');

    actor.send({ type: 'recovery.start' });
    expect(recoveryState(actor)).toBe('awaitingCode');
    actor.send({ type: 'code.submit', code: 'Pasted123' });
    expect(controller.inputOf('exchangeCode')).toEqual({ code: 'Pasted123' });
    controller.resolve('exchangeCode', {
      result: true,
      status_code: 200,
      code: 'ok',
      message: 'ok'
    });
    await flush();

    expect(actor.getSnapshot().value).toBe('submitting');
    expect(controller.inputOf('submitTransfer')).toEqual(firstRequest);
    controller.resolve('submitTransfer', { task_id: 'task-9' });
    await flush();
    expect(actor.getSnapshot().value).toBe('tracking');
    expect(actor.getSnapshot().context.taskId).toBe('task-9');
  });
});

describe('GCSv4 activation', () => {
  it('autoactivates without the user and loads the collection again', async () => {
    const wizard = start(fileInput);
    const { actor, controller } = wizard;
    actor.send({ type: 'auth.loggedIn' });
    actor.send({ type: 'collection.select', id: GCSV4_ID });
    controller.resolve(
      'loadCollection',
      collection({ id: GCSV4_ID, entity_type: 'GCSv4_host', activated: false })
    );
    await flush();
    expect(recoveryState(actor)).toBe('autoactivating');
    expect(controller.inputOf('autoactivate')).toEqual({ collectionId: GCSV4_ID });
    controller.resolve('autoactivate', autoActivated);
    await flush();
    expect(actor.getSnapshot().value).toBe('checkingCollection');
    controller.resolve(
      'loadCollection',
      collection({ id: GCSV4_ID, entity_type: 'GCSv4_host', activated: true })
    );
    await flush();
    expect(actor.getSnapshot().value).toBe('browse');
  });
});

describe('login_required', () => {
  it('tells the plugin the session expired and explains before opening a popup', async () => {
    const wizard = start(folderInput);
    const { actor, controller, emitted } = wizard;
    actor.send({ type: 'collection.select', id: collection().id });
    controller.reject('loadCollection', loginRequired);
    await flush();
    expect(emitted).toContainEqual({ type: 'session.expired' });
    expect(recoveryState(actor)).toBe('explainLogin');
    actor.send({ type: 'recovery.start' });
    expect(controller.inputOf('loginPopup')).toEqual({ url: folderInput.loginUrl });
  });
});
