/** Behaviour of single transitions that the graph tests only pass through. */
import { createActor } from 'xstate';
import {
  transferWizardMachine,
  type WizardEmitted,
  type WizardInput
} from '../../src/machines/wizard.machine';
import { buildTransferRequest } from '../../src/machines/transfer-request';
import { flush } from './support/controlled-actors';
import { collection, consentRequired, LOCAL_ID, MAPPED_ID, notFound } from './support/fixtures';
import { controlledWizard, fileInput, folderInput } from './support/wizard-model';

function start(input: WizardInput) {
  const { controller, machine } = controlledWizard();
  const actor = createActor(machine, { input }).start();
  const emitted: WizardEmitted[] = [];
  actor.on('*', event => emitted.push(event));
  return { controller, actor, emitted };
}

async function browse(input: WizardInput, doc = collection()) {
  const wizard = start({ ...input, isLoggedIn: true });
  wizard.actor.send({ type: 'collection.select', id: doc.id });
  wizard.controller.resolve('loadCollection', doc);
  await flush();
  return wizard;
}

function inputError(input: unknown): string {
  const actor = createActor(transferWizardMachine, { input: input as WizardInput });
  const errors: unknown[] = [];
  actor.subscribe({ error: error => errors.push(error) });
  actor.start();
  return String(errors[0]);
}

describe('input', () => {
  it('names what is wrong', () => {
    expect(inputError({ ...fileInput, jupyterPaths: [] })).toMatch(
      /jupyterPaths must list at least one path/
    );
    expect(inputError({ ...fileInput, jupyterDirs: [true] })).toMatch(
      /jupyterDirs must have one entry per jupyterPaths entry \(got 2 paths and 1 flags\)/
    );
    expect(inputError({ ...fileInput, loginUrl: '' })).toMatch(/loginUrl must be the shim/);
    expect(inputError({ ...fileInput, defaults: undefined })).toMatch(
      /defaults must give syncLevel and verifyChecksum/
    );
  });

  it('starts at the collection step when already logged in, and at sign-in otherwise', () => {
    expect(start(folderInput).actor.getSnapshot().value).toBe('chooseCollection');
    expect(start(fileInput).actor.getSnapshot().value).toBe('signIn');
  });
});

it('without provided actors ends in the error step, naming the missing actor', async () => {
  const actor = createActor(transferWizardMachine, { input: folderInput }).start();
  actor.send({ type: 'collection.select', id: MAPPED_ID });
  await flush();
  expect(actor.getSnapshot().value).toBe('error');
  expect(actor.getSnapshot().context.error?.details).toMatch(
    /the "loadCollection" actor was not provided/
  );
});

describe('choosing and browsing', () => {
  it('asks for the chosen collection and opens its default directory', async () => {
    const { actor, controller } = await browse(
      folderInput,
      collection({ default_directory: '/data/' })
    );
    expect(controller.started).toContainEqual({ id: 'loadCollection', input: { id: MAPPED_ID } });
    expect(actor.getSnapshot().context.path).toBe('/data/');
  });

  it('opens a bookmark at its path', async () => {
    const wizard = start(folderInput);
    wizard.actor.send({ type: 'collection.select', id: MAPPED_ID, path: '/bookmarked/' });
    wizard.controller.resolve('loadCollection', collection({ default_directory: '/data/' }));
    await flush();
    expect(wizard.actor.getSnapshot().context.path).toBe('/bookmarked/');
  });

  it('clears the selection and the inline error when the folder changes', async () => {
    const { actor } = await browse(folderInput);
    actor.send({ type: 'selection.change', names: ['a'], dirs: [true] });
    actor.send({ type: 'listing.failed', error: notFound });
    expect(actor.getSnapshot().context.error).toEqual(notFound);
    actor.send({ type: 'path.change', path: '/~/b/' });
    expect(actor.getSnapshot().context).toMatchObject({
      path: '/~/b/',
      selectedNames: [],
      error: null
    });
  });

  it('unwraps an axios error reported by the listing', async () => {
    const { actor } = await browse(folderInput);
    actor.send({ type: 'listing.failed', error: { response: { data: consentRequired } } });
    expect(actor.getSnapshot().value).toBe('recovering');
  });

  it('offers the direction only for a single folder', async () => {
    const several = await browse(fileInput);
    several.actor.send({ type: 'direction.set', direction: 'fromCollection' });
    expect(several.actor.getSnapshot().context.direction).toBe('toCollection');
    const folder = await browse(folderInput);
    folder.actor.send({ type: 'direction.set', direction: 'fromCollection' });
    expect(folder.actor.getSnapshot().context.direction).toBe('fromCollection');
  });

  it('will not go on without sources when receiving from the collection', async () => {
    const { actor } = await browse(folderInput);
    actor.send({ type: 'direction.set', direction: 'fromCollection' });
    actor.send({ type: 'next' });
    expect(actor.getSnapshot().value).toBe('browse');
    actor.send({ type: 'selection.change', names: ['x.csv'], dirs: [false] });
    actor.send({ type: 'next' });
    expect(actor.getSnapshot().value).toBe('options');
  });
});

describe('options', () => {
  it('keeps encryption on when the collection forces it', async () => {
    const { actor } = await browse(folderInput, collection({ force_encryption: true }));
    actor.send({ type: 'next' });
    actor.send({ type: 'options.change', patch: { encrypt_data: false, label: 'x' } });
    expect(actor.getSnapshot().context.options).toMatchObject({ encrypt_data: true, label: 'x' });
  });

  it('gives the default back when leaving a collection that forced encryption', async () => {
    const { actor, controller } = await browse(folderInput, collection({ force_encryption: true }));
    actor.send({ type: 'back' });
    actor.send({ type: 'collection.select', id: MAPPED_ID });
    controller.resolve('loadCollection', collection());
    await flush();
    expect(actor.getSnapshot().context).toMatchObject({
      encryptionForced: false,
      options: expect.objectContaining({ encrypt_data: false })
    });
  });

  it('needs a fresh confirmation each time "delete extra files" is turned on', async () => {
    const { actor } = await browse(folderInput);
    actor.send({ type: 'next' });
    actor.send({ type: 'options.change', patch: { delete_destination_extra: true } });
    actor.send({ type: 'next' });
    expect(actor.getSnapshot().value).toBe('options');
    actor.send({ type: 'deleteExtra.confirm' });
    actor.send({ type: 'options.change', patch: { delete_destination_extra: false } });
    actor.send({ type: 'options.change', patch: { delete_destination_extra: true } });
    actor.send({ type: 'next' });
    expect(actor.getSnapshot().value).toBe('options');
    actor.send({ type: 'deleteExtra.confirm' });
    actor.send({ type: 'next' });
    expect(actor.getSnapshot().value).toBe('review');
  });

  it('starts from the settings defaults', () => {
    const { actor } = start({
      ...folderInput,
      defaults: { syncLevel: 'checksum', verifyChecksum: false }
    });
    expect(actor.getSnapshot().context.options).toMatchObject({
      sync_level: 'checksum',
      verify_checksum: false
    });
  });

  it('refuses to submit a label Globus would reject', async () => {
    const { actor } = await browse(folderInput);
    actor.send({ type: 'next' });
    actor.send({ type: 'options.change', patch: { label: 'x'.repeat(129) } });
    actor.send({ type: 'next' });
    actor.send({ type: 'submit' });
    expect(actor.getSnapshot().value).toBe('review');
  });
});

describe('submitting and tracking', () => {
  async function submitted() {
    const wizard = await browse(folderInput);
    wizard.actor.send({ type: 'next' });
    wizard.actor.send({ type: 'next' });
    wizard.actor.send({ type: 'submit' });
    return wizard;
  }

  it('submits exactly the request the review shows', async () => {
    const { actor, controller } = await submitted();
    const shown = buildTransferRequest(actor.getSnapshot().context);
    expect(controller.inputOf('submitTransfer')).toEqual({ request: shown });
    expect(shown).toMatchObject({ source_endpoint: LOCAL_ID, destination_endpoint: MAPPED_ID });
  });

  it('announces the task, follows the poll and announces the end', async () => {
    const { actor, controller, emitted } = await submitted();
    controller.resolve('submitTransfer', { task_id: 'task-7', code: 'Accepted' });
    await flush();
    expect(emitted).toContainEqual({ type: 'task.submitted', taskId: 'task-7' });
    actor.send({ type: 'task.updated', status: 'INACTIVE' });
    expect(actor.getSnapshot().context.taskStatus).toBe('INACTIVE');
    actor.send({ type: 'task.updated', status: 'SUCCEEDED' });
    expect(actor.getSnapshot().value).toBe('succeeded');
    expect(actor.getSnapshot().status).toBe('done');
    expect(emitted).toContainEqual({
      type: 'task.finished',
      taskId: 'task-7',
      status: 'SUCCEEDED'
    });
  });

  it('cancels once, then waits for Globus to report the end', async () => {
    const { actor, controller, emitted } = await submitted();
    controller.resolve('submitTransfer', { task_id: 'task-8' });
    await flush();
    actor.send({ type: 'cancel' });
    expect(controller.inputOf('cancelTask')).toEqual({ taskId: 'task-8' });
    controller.resolve('cancelTask', { code: 'Canceled', message: 'ok' });
    await flush();
    expect(actor.getSnapshot().value).toBe('tracking');
    actor.send({ type: 'cancel' });
    expect(actor.getSnapshot().value).toBe('tracking');
    actor.send({ type: 'task.updated', status: 'FAILED' });
    expect(actor.getSnapshot().value).toBe('failed');
    expect(emitted).toContainEqual({ type: 'task.finished', taskId: 'task-8', status: 'FAILED' });
  });
});
