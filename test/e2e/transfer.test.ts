// The everyday flows, in the order a new user meets them: first login through the popup and the
// sandbox's consent page, sending a Jupyter file to a collection, fetching a folder from a
// collection into Jupyter, and logging out. One Jupyter + sandbox + browser for the whole file:
// each test starts where the previous one left the user.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { openBrowser, Screenshots, type BrowserSession } from './support/browser';
import { startE2eEnvironment, type E2eEnvironment } from './support/environment';
import {
  chooseCollection,
  fileItem,
  hideToast,
  loginThroughPopup,
  openFolder,
  openLab,
  openRemoteFolders,
  openTransferWizard,
  remoteItem,
  remoteListing,
  showFileBrowser,
  showGlobusPanel,
  toast,
  waitForStep
} from './support/lab-page';

jest.setTimeout(120_000);

const ALICE = 'alice@globusid.org';

let env: E2eEnvironment;
let browser: BrowserSession;
const shots = new Screenshots('transfer');

beforeAll(async () => {
  env = await startE2eEnvironment({ name: 'transfer' });
  browser = await openBrowser();
  await openLab(browser.page, env.lab);
});

afterAll(async () => {
  await browser?.close();
  await env?.stop();
});

// Without a browser (setup failed) there is nothing to check; the setup error is the report.
afterEach(() => browser?.console.assertClean(expect.getState().currentTestName ?? 'test'));

test('first login: the popup shows the consent page, Allow logs the user in', () =>
  shots.guard(
    () => browser.page,
    async () => {
      const { page } = browser;
      const panel = await showGlobusPanel(page);
      await panel.getByRole('button', { name: 'Log in to Globus' }).waitFor();
      await shots.take(page, 'logged-out-panel');

      await loginThroughPopup(page, panel, ALICE, popup =>
        shots.take(popup, 'consent-page').then()
      );
      await panel.getByText(`Logged in as Alice Liddell (${ALICE})`).waitFor();
      await shots.take(page, 'logged-in-panel');

      // The shim holds the tokens now (never the browser).
      const tokens = JSON.parse(fs.readFileSync(env.tokenFile, 'utf8')) as Record<string, unknown>;
      expect(JSON.stringify(tokens)).toContain('transfer.api.globus.org');
      expect(env.sandbox.state.consents.length).toBeGreaterThan(0);
    }
  ));

test('right-click a file → wizard → search, browse, options, submit → the file arrives', () =>
  shots.guard(
    () => browser.page,
    async () => {
      const { page } = browser;
      const wizard = await openTransferWizard(page, 'hello.txt');
      await waitForStep(wizard, 'Collection');
      await shots.take(page, 'wizard-collection-step');

      await chooseCollection(wizard, 'Tutorial', 'Sandbox Tutorial Collection 2');
      await waitForStep(wizard, 'Folder');
      await openRemoteFolders(wizard, 'home');
      await shots.take(page, 'wizard-browse-destination');
      await wizard.getByRole('button', { name: 'Next' }).click();

      await waitForStep(wizard, 'Options');
      await wizard.getByLabel('Label').fill('e2e: hello to tutorial 2');
      await wizard.getByLabel('Verify file integrity after transfer').check();
      await shots.take(page, 'wizard-options');
      await wizard.getByRole('button', { name: 'Next' }).click();

      await waitForStep(wizard, 'Review');
      await wizard.getByText('e2e: hello to tutorial 2').waitFor();
      await shots.take(page, 'wizard-review');
      await wizard.getByRole('button', { name: 'Submit transfer' }).click();

      await waitForStep(wizard, 'Progress');
      await wizard.getByRole('status').getByText('Succeeded').waitFor();
      await shots.take(page, 'wizard-succeeded');

      // The end of the transfer is also announced, with a link to the task in the web app.
      const done = toast(page, 'Globus transfer "e2e: hello to tutorial 2" succeeded.');
      await done.getByRole('button', { name: 'View in Globus' }).waitFor();
      await shots.take(page, 'succeeded-notification');
      await hideToast(done);

      const arrived = path.join(env.dataRoot, 'tutorial2', 'home', 'hello.txt');
      expect(fs.readFileSync(arrived, 'utf8')).toBe('Hello from Jupyter\n');
    }
  ));

test('a folder from a collection into Jupyter, then visible in the file browser', () =>
  shots.guard(
    () => browser.page,
    async () => {
      const { page } = browser;
      const wizard = await openTransferWizard(page, 'results');
      await wizard
        .getByRole('radio', { name: 'Fetch files from a collection into results' })
        .check();
      await chooseCollection(wizard, 'Tutorial', 'Sandbox Tutorial Collection 1');
      await waitForStep(wizard, 'Folder');
      await openRemoteFolders(wizard, 'share');
      const listing = await remoteListing(wizard);
      await remoteItem(listing, 'godata').click();
      await shots.take(page, 'fetch-select-folder');
      await wizard.getByRole('button', { name: 'Next' }).click();

      await waitForStep(wizard, 'Options');
      await wizard.getByRole('button', { name: 'Next' }).click();
      await waitForStep(wizard, 'Review');
      await shots.take(page, 'fetch-review');
      await wizard.getByRole('button', { name: 'Submit transfer' }).click();
      await wizard.getByRole('status').getByText('Succeeded').waitFor();
      await shots.take(page, 'fetch-succeeded');
      await hideToast(toast(page, /^Globus transfer ".*" succeeded\./));

      for (const file of ['file1.txt', 'file2.txt', 'file3.txt']) {
        expect(fs.existsSync(path.join(env.rootDir, 'results', 'godata', file))).toBe(true);
      }
      const fileBrowser = await showFileBrowser(page);
      await fileBrowser.getByTitle(/^Refresh the file browser/).click();
      await openFolder(page, 'results');
      await fileItem(page, 'godata').waitFor();
      await openFolder(page, 'godata');
      await fileItem(page, 'file1.txt').waitFor();
      await shots.take(page, 'fetched-folder-in-file-browser');
    }
  ));

test('logout: the panel offers the login again and the shim has revoked the tokens', () =>
  shots.guard(
    () => browser.page,
    async () => {
      const { page } = browser;
      const panel = await showGlobusPanel(page);
      await panel.getByRole('button', { name: 'Log out' }).click();
      await panel.getByRole('button', { name: 'Log in to Globus' }).waitFor();
      await shots.take(page, 'logged-out-again');
      expect(env.sandbox.state.revokedTokens.length).toBeGreaterThan(0);
    }
  ));
