/**
 * The extension in a real JupyterHub (issue #6): Debian's jupyterhub 3.0 +
 * configurable-http-proxy, DummyAuthenticator, SimpleLocalProcessSpawner
 * starting jupyterhub-singleuser with the project's JupyterLab and this
 * extension, each user's shim behind the jupyter-server-proxy stand-in, the
 * Globus sandbox for Globus, real Chromium. One hub serves every test here.
 *
 * Users: alice and bob use Globus directly; carol's shim submits through the
 * example hub service (GLOBUS_TRANSFER_SUBMISSION_IS_HUB_SERVICE=true).
 * The users' homes are <run>/home/<name>, and the sandbox's GCP collection is
 * rooted at <run>/home, so `GLOBUS_HOST_POSIX_BASEPATH=<run>/home` turns a
 * home file into `/<name>/file` on the collection (guest-collection layout).
 */
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import type {
  GlobusConfigResponse,
  TaskDocument,
  TransferSubmitResponse
} from '../../src/api/types';
import { startHub, type HubRun } from './support/hub-run';
import { HubUserSession, launchChromium } from './support/lab-session';
import { copyCodeLoginThroughUi } from './support/copy-code-login';
import { transferThroughWizard } from './support/wizard';

jest.setTimeout(120_000);

const USERS = ['alice', 'bob', 'carol', 'dave'];
const TRANSFER_SCOPE = 'urn:globus:auth:scope:transfer.api.globus.org:all';
/** Each hub user logs in to Globus with an identity of their own. */
const GLOBUS_IDENTITY: Record<string, string> = {
  alice: 'alice@globusid.org',
  bob: 'bob@example.org',
  carol: 'alice@example.org',
  dave: 'alice@uchicago.edu'
};

/** The auth_state GlobusOAuthenticator keeps: tokens by resource server (auth.globus.org excluded). */
function hubLoginAuthState(sandbox: HubRun['sandbox'], user: string): Record<string, unknown> {
  const identity = sandbox.identities.find(i => i.username === GLOBUS_IDENTITY[user]);
  const response = sandbox.issueTokens({
    identityId: identity?.id,
    scopes: [TRANSFER_SCOPE],
    refresh: true
  });
  return {
    client_id: 'hub-confidential-client',
    tokens: {
      [response.resource_server]: {
        access_token: response.access_token,
        refresh_token: response.refresh_token,
        expires_at_seconds: Math.floor(Date.now() / 1000) + response.expires_in,
        scope: response.scope,
        token_type: 'Bearer',
        resource_server: response.resource_server
      }
    }
  };
}

let hub: HubRun;
let browser: Browser;
const sessions: Record<string, HubUserSession> = {};

beforeAll(async () => {
  hub = await startHub({
    users: USERS,
    submissionUsers: ['carol'],
    // carol and dave log in to the hub "with Globus"; only dave's hub runs the JSON hook.
    authStates: sandbox => ({
      carol: hubLoginAuthState(sandbox, 'carol'),
      dave: hubLoginAuthState(sandbox, 'dave')
    }),
    tokensJsonUsers: ['dave']
  });
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  for (const session of Object.values(sessions)) await session.close().catch(() => undefined);
  await browser?.close().catch(() => undefined);
  await hub?.stop();
}, 60_000);

function session(user: string): HubUserSession {
  const found = sessions[user];
  if (!found) throw new Error(`${user} has no session: an earlier test failed`);
  return found;
}

/** A file in the user's home, and the POSIX path JupyterLab gives the shim for it. */
function homeFile(user: string, name: string, content: string): string {
  const path = join(hub.homes, user, name);
  writeFileSync(path, content);
  return path;
}

async function waitForTask(user: HubUserSession, taskId: string): Promise<TaskDocument> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const answer = await user.shim<TaskDocument>('GET', `task/${taskId}`);
    expect(answer.status).toBe(200);
    if (answer.body.status === 'SUCCEEDED' || answer.body.status === 'FAILED') return answer.body;
    if (Date.now() > deadline) throw new Error(`task ${taskId} still ${answer.body.status}`);
    await new Promise(resolve => setTimeout(resolve, 300));
  }
}

/** Copy one home file into another folder of the same home, through Globus, as the wizard does. */
async function transferInHome(
  user: string,
  name: string
): Promise<{ task: TaskDocument; copy: string }> {
  const s = session(user);
  const content = `${user}'s data ${Date.now()}\n`;
  const source = homeFile(user, name, content);
  mkdirSync(join(hub.homes, user, 'copies'), { recursive: true });
  const submitted = await s.shim<TransferSubmitResponse>('POST', 'submit_transfer', {
    source_endpoint: hub.sandbox.ids.gcp,
    destination_endpoint: hub.sandbox.ids.gcp,
    label: `hub e2e ${user}`,
    DATA: [
      {
        source_path: source,
        destination_path: join(hub.homes, user, 'copies', name),
        recursive: false
      }
    ]
  });
  expect(submitted.status).toBe(200);
  expect(submitted.body.task_id).toEqual(expect.any(String));
  const task = await waitForTask(s, submitted.body.task_id);
  const copy = join(hub.homes, user, 'copies', name);
  expect(task.status).toBe('SUCCEEDED');
  expect(readFileSync(copy, 'utf8')).toBe(content);
  return { task, copy };
}

/**
 * A new home file sent with the wizard to the home folder of Sandbox Tutorial Collection 2:
 * the copy arrived byte for byte and the task succeeded. Returns the sandbox's task.
 */
async function wizardToTutorial2(user: string, file: string, content: string, label: string) {
  const source = homeFile(user, file, content);
  await transferThroughWizard(session(user), {
    file,
    label,
    search: 'Tutorial',
    collection: 'Sandbox Tutorial Collection 2',
    folders: ['home']
  });
  const arrived = join(hub.sandbox.dataRoot, 'tutorial2', 'home', file);
  expect(readFileSync(arrived, 'utf8')).toBe(readFileSync(source, 'utf8'));
  const task = hub.sandbox.state.tasks.find(t => t.label === label);
  expect(task?.status).toBe('SUCCEEDED');
  return task;
}

describe('hub mode', () => {
  it('starts each user their own server with the extension, in hub mode with the copy-code login', async () => {
    // The three logins and server starts run side by side, as on a real hub.
    const opened = await Promise.all(USERS.map(user => HubUserSession.open(browser, hub, user)));
    opened.forEach((opened, index) => (sessions[USERS[index]] = opened));
    for (const user of USERS) {
      const config = await sessions[user].shim<GlobusConfigResponse>('GET', 'config');
      expect(config.status).toBe(200);
      expect(config.body).toMatchObject({
        is_hub: true,
        is_manual_copy_code_required: true,
        // dave's hub handed his Globus tokens over (GLOBUS_TOKENS_JSON): no login needed.
        is_logged_in: user === 'dave',
        // alice and bob: GLOBUS_COLLECTION_ID; carol and dave: the authenticator's GLOBUS_LOCAL_ENDPOINT.
        collection_id: hub.sandbox.ids.gcp,
        transfer_submission_is_hub_service: user === 'carol'
      });
    }
  });

  it('logs alice in to Globus through the copy-code flow', async () => {
    await copyCodeLoginThroughUi(session('alice'), GLOBUS_IDENTITY.alice);
    const config = await session('alice').shim<GlobusConfigResponse>('GET', 'config');
    expect(config.body.is_logged_in).toBe(true);
    const whoami = await session('alice').shim<{ preferred_username: string }>('GET', 'whoami');
    expect(whoami.body.preferred_username).toBe(GLOBUS_IDENTITY.alice);
  });

  it('logs bob in separately, with his own identity and his own 0600 token file', async () => {
    await copyCodeLoginThroughUi(session('bob'), GLOBUS_IDENTITY.bob);
    const whoami = await session('bob').shim<{ preferred_username: string }>('GET', 'whoami');
    expect(whoami.body.preferred_username).toBe(GLOBUS_IDENTITY.bob);
    // alice is still alice: one user's login did not touch the other's shim.
    const alice = await session('alice').shim<{ preferred_username: string }>('GET', 'whoami');
    expect(alice.body.preferred_username).toBe(GLOBUS_IDENTITY.alice);

    const files = ['alice', 'bob'].map(user => hub.tokenFile(user));
    expect(files[0]).not.toBe(files[1]);
    for (const file of files) {
      expect(statSync(file).mode & 0o777).toBe(0o600);
    }
    const [aliceTokens, bobTokens] = files.map(file => readFileSync(file, 'utf8'));
    const issued = hub.sandbox.state.issuedTokens;
    const aliceIdentity = hub.sandbox.identities.find(i => i.username === GLOBUS_IDENTITY.alice);
    const bobIdentity = hub.sandbox.identities.find(i => i.username === GLOBUS_IDENTITY.bob);
    const tokenOf = (identityId: string | undefined) =>
      issued.filter(t => t.identity_id === identityId).map(t => t.token);
    // Each file holds its own user's tokens and none of the other's.
    expect(tokenOf(aliceIdentity?.id).some(t => aliceTokens.includes(t))).toBe(true);
    expect(tokenOf(bobIdentity?.id).some(t => bobTokens.includes(t))).toBe(true);
    expect(tokenOf(bobIdentity?.id).some(t => aliceTokens.includes(t))).toBe(false);
    expect(tokenOf(aliceIdentity?.id).some(t => bobTokens.includes(t))).toBe(false);
  });

  it('alice: a copy inside her home, with both paths translated to collection paths', async () => {
    const { task } = await transferInHome('alice', 'alice-notes.txt');
    expect(task.label).toBe('hub e2e alice');
    // The copy landed in her home: the shim turned <run>/home/alice/x into /alice/x on the
    // collection (GLOBUS_HOST_POSIX_BASEPATH); an untranslated path would not resolve there.
  });

  it('bob: right-click a home file → wizard → the file arrives on the destination', async () => {
    await wizardToTutorial2('bob', 'bob-results.csv', 'run,value\n1,42\n', 'hub e2e bob (wizard)');
  });

  it("refuses alice's browser session at bob's shim", async () => {
    const alice = session('alice');
    const answer = await alice.shim('GET', 'config', undefined, 'bob');
    // bob's server sent alice's browser to the hub's OAuth, and the hub said no.
    expect(answer.status).toBe(403);
    expect(String(answer.body)).toContain(
      'You do not have permission to access Server at /user/bob/'
    );
    expect(JSON.stringify(answer.body)).not.toContain('is_logged_in');
    const submit = await alice.shim('POST', 'submit_transfer', { DATA: [] }, 'bob');
    expect(submit.status).toBe(403);
    await alice.page.goto(`${hub.url}/user/bob/globus-jupyterlab/config`);
    await alice.screenshot('cannot-reach-bob');
    await alice.page.goto(`${alice.serverUrl}lab`);
  });
});

describe('tokens handed over by a hub that logs users in with Globus', () => {
  it('dave: the JSON hook logs him in from the start, and his transfer works with the hub tokens', async () => {
    await expect(
      hub.logContains('GLOBUS_TOKENS_JSON: imported hub tokens for transfer.api.globus.org')
    ).resolves.toBe(true);
    const { task } = await transferInHome('dave', 'dave-plot.svg');
    expect(task.status).toBe('SUCCEEDED');
    // The tokens came from the hub's hand-over, not from a login of his JupyterLab.
    expect(existsSync(hub.tokenFile('dave'))).toBe(false);
  });

  it('carol: GLOBUS_DATA alone is never unpickled, and her shim says once that it is unused', async () => {
    const notice =
      'GLOBUS_DATA is set but unused: it is a Python pickle, which this server never loads.';
    await expect(hub.logContains(notice)).resolves.toBe(true);
    // Only carol's spawn carried the pickle: dave's hook removed his after writing the JSON.
    expect(hub.log().split(notice).length - 1).toBe(1);
    expect(hub.log()).not.toContain('using GLOBUS_TOKENS_JSON instead');
    // ...and she still logs in to Globus from JupyterLab as usual (her transfer test below).
  });
});

describe('transfer submission through a hub service', () => {
  it("carol's wizard transfer is submitted by the hub service and arrives", async () => {
    await copyCodeLoginThroughUi(session('carol'), GLOBUS_IDENTITY.carol);
    const task = await wizardToTutorial2(
      'carol',
      'carol-model.txt',
      'weights v3\n',
      'hub e2e carol (hub service)'
    );
    // The service (not carol's shim) submitted it, after the Hub vouched for carol's hub token.
    await expect(
      hub.logContains(`[hub-submission-service] carol: submitted task ${task?.task_id}`)
    ).resolves.toBe(true);
  });

  it('refuses a request with a bad hub token', async () => {
    const url = `${hub.url}/services/globus-submission/submit-transfer`;
    const body = JSON.stringify({
      globus_token: 'anything',
      transfer: {
        source_endpoint: hub.sandbox.ids.gcp,
        destination_endpoint: hub.sandbox.ids.gcp,
        DATA: [{ source_path: '/carol/a', destination_path: '/carol/b', recursive: false }]
      }
    });
    const tasksBefore = hub.sandbox.state.tasks.length;
    for (const authorization of ['Bearer not-a-hub-token', undefined]) {
      const response = await fetch(url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          ...(authorization ? { Authorization: authorization } : {})
        },
        body
      });
      expect(response.status).toBe(403);
      expect(await response.json()).toMatchObject({ code: 'InvalidHubToken' });
    }
    expect(hub.sandbox.state.tasks.length).toBe(tasksBefore);
  });
});

describe('the browsers', () => {
  it("logged no console error in any user's JupyterLab", () => {
    const errors = Object.values(sessions).flatMap(s =>
      s.consoleErrors.map(e => `${s.user}: ${e}`)
    );
    // The isolation test has alice's browser ask bob's server on purpose: its 403s are the point.
    const provoked = /^alice: Failed to load resource: .* 403 \(Forbidden\)$/;
    expect(errors.filter(e => !provoked.test(e))).toEqual([]);
  });
});
