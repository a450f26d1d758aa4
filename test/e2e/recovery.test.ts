// What happens when a collection needs more than a login — each scenario ends in the state a user
// needs: consent for a mapped collection, a High Assurance login, GCSv4 activation guidance, S3
// credentials guidance — and a shim error shown to the user. One Jupyter + sandbox + browser.
import { DEFAULT_IDENTITY_ID } from '../../sandbox';
import { openBrowser, Screenshots, type BrowserSession } from './support/browser';
import {
  startE2eEnvironment,
  transferAccessToken,
  type E2eEnvironment
} from './support/environment';
import {
  approveInPopup,
  chooseCollection,
  closeCurrentTab,
  loginThroughPopup,
  openLab,
  openTransferWizard,
  remoteItem,
  remoteListing,
  showGlobusPanel,
  waitForStep
} from './support/lab-page';
import type { Locator } from 'playwright-core';

jest.setTimeout(120_000);

const ALICE_GLOBUS_ID = 'alice@globusid.org';
const ALICE_UCHICAGO = 'alice@uchicago.edu';

let env: E2eEnvironment;
let browser: BrowserSession;
const shots = new Screenshots('recovery');

/** The browser logs the failed shim call each recovery starts from; nothing else may fail. */
function expectFailedShimCall(status: RegExp, route: RegExp, why: string): void {
  browser.console.expect({
    pattern: new RegExp(`status of ${status.source}\\b.*/globus-jupyterlab/${route.source}`),
    why
  });
}

/** The listing of one collection fails with a 4xx (the shim's answer for what Globus refused). */
function expectRefusedListing(collectionId: string, why: string): void {
  expectFailedShimCall(/4\d\d/, new RegExp(`operation_ls\\?endpoint=${collectionId}`), why);
}

beforeAll(async () => {
  env = await startE2eEnvironment({ name: 'recovery' });
  browser = await openBrowser();
  await openLab(browser.page, env.lab);
  const panel = await showGlobusPanel(browser.page);
  await loginThroughPopup(browser.page, panel, ALICE_GLOBUS_ID);
  await panel.getByText(/^Logged in as /).waitFor();
});

afterAll(async () => {
  await browser?.close();
  await env?.stop();
});

afterEach(async () => {
  if (!browser) return; // setup failed: its error is the report
  // A wizard left open would keep refetching in its hidden tab.
  await closeCurrentTab(browser.page);
  browser.console.assertClean(expect.getState().currentTestName ?? 'test');
});

async function wizardOnCollection(name: string): Promise<Locator> {
  const wizard = await openTransferWizard(browser.page, 'hello.txt');
  await waitForStep(wizard, 'Collection');
  await chooseCollection(wizard, name.split(' ')[1], name);
  return wizard;
}

function recoverySection(wizard: Locator, headline: string): Locator {
  return wizard.getByRole('region', { name: headline });
}

/** "Log in again" in a recovery section: the popup's login page, approved as `identity`. */
async function logInAgain(recovery: Locator, identity: string, screenshot: string): Promise<void> {
  const popupOpened = browser.page.waitForEvent('popup');
  await recovery.getByRole('button', { name: 'Log in again' }).click();
  await approveInPopup(await popupOpened, identity, popup => shots.take(popup, screenshot).then());
}

test('mapped collection: consent recovery through the popup, then the listing', () =>
  shots.guard(
    () => browser.page,
    async () => {
      const { page } = browser;
      expectRefusedListing(env.sandbox.ids.mapped, 'ls without data_access consent');
      const wizard = await wizardOnCollection('Sandbox University Research Data');
      const recovery = recoverySection(wizard, 'Consent needed');
      await recovery.waitFor();
      await shots.take(page, 'consent-needed');

      await logInAgain(recovery, ALICE_GLOBUS_ID, 'consent-page-data-access');

      const listing = await remoteListing(wizard);
      await remoteItem(listing, 'data').waitFor();
      await shots.take(page, 'consent-recovered-listing');
      expect(
        env.sandbox.state.consents.some(
          consent =>
            consent.scope.includes('data_access') && consent.scope.includes(env.sandbox.ids.mapped)
        )
      ).toBe(true);
    }
  ));

test('High Assurance collection: log in again with an allowed identity, then the listing', () =>
  shots.guard(
    () => browser.page,
    async () => {
      const { page } = browser;
      expectRefusedListing(env.sandbox.ids.highAssurance, 'ls without a High Assurance session');
      const wizard = await wizardOnCollection('Sandbox Secure Enclave (High Assurance)');
      const recovery = recoverySection(wizard, 'High Assurance login needed');
      await recovery.waitFor();
      await shots.take(page, 'high-assurance-needed');

      await logInAgain(recovery, ALICE_UCHICAGO, 'high-assurance-login');

      const listing = await remoteListing(wizard);
      await remoteItem(listing, 'secure').waitFor();
      await shots.take(page, 'high-assurance-listing');
    }
  ));

test('GCSv4 endpoint: when autoactivation fails, guidance to the web app, then the listing', () =>
  shots.guard(
    () => browser.page,
    async () => {
      const { page } = browser;
      // No cached credential: the one autoactivation attempt fails, as it does without MyProxy.
      env.sandbox.faults.inject({
        method: 'POST',
        path: `/v0.10/endpoint/${env.sandbox.ids.gcsv4}/autoactivate`,
        kind: 'status',
        status: 502,
        times: 1
      });
      expectFailedShimCall(/502/, /endpoint_autoactivate/, 'the injected autoactivation failure');
      const wizard = await wizardOnCollection('Legacy GridFTP Server (GCSv4)');
      const recovery = recoverySection(wizard, 'Endpoint activation needed');
      await recovery.waitFor();
      await recovery.getByRole('link', { name: 'Open the Globus web app' }).waitFor();
      await shots.take(page, 'activation-guidance');

      // What the user does in the Globus web app: activate the endpoint with their credentials.
      const activation = await fetch(
        `${env.sandbox.url}/v0.10/endpoint/${env.sandbox.ids.gcsv4}/autoactivate`,
        {
          method: 'POST',
          headers: { Authorization: `Bearer ${transferAccessToken(env.tokenFile)}` }
        }
      );
      expect(((await activation.json()) as { code: string }).code).toMatch(/^AutoActivated/);
      await recovery.getByRole('button', { name: 'Done, try again' }).click();
      const listing = await remoteListing(wizard);
      await remoteItem(listing, 'old').waitFor();
      await shots.take(page, 'activated-listing');
    }
  ));

test('S3 collection: credentials guidance, register in the web app, then the listing', () =>
  shots.guard(
    () => browser.page,
    async () => {
      const { page } = browser;
      expectRefusedListing(env.sandbox.ids.s3, 'ls of S3 without a registered credential');
      const wizard = await wizardOnCollection('Sandbox S3 Bucket');
      const recovery = recoverySection(wizard, 'Credentials needed');
      await recovery.waitFor();
      await recovery.getByRole('link', { name: 'Open the Globus web app' }).waitFor();
      await shots.take(page, 'credentials-guidance');

      // What the user does in the Globus web app.
      env.sandbox.registerS3Credential(DEFAULT_IDENTITY_ID);
      await recovery.getByRole('button', { name: 'Done, try again' }).click();
      const listing = await remoteListing(wizard);
      await remoteItem(listing, 'bucket').waitFor();
      await shots.take(page, 'credentials-listing');
    }
  ));

test('a failing Globus service is shown to the user, and the search works again after', () =>
  shots.guard(
    () => browser.page,
    async () => {
      const { page } = browser;
      env.sandbox.faults.inject({ path: '/v0.10/endpoint_search', kind: 'status', status: 503 });
      expectFailedShimCall(/503/, /endpoint_search/, 'the injected Transfer outage');
      const wizard = await openTransferWizard(page, 'hello.txt');
      await waitForStep(wizard, 'Collection');
      await wizard.getByLabel('Search collections').fill('Tutorial');
      const alert = wizard.getByRole('alert');
      await alert.waitFor();
      expect(await alert.textContent()).toMatch(/ServiceUnavailable|503/);
      await shots.take(page, 'service-error-shown');

      env.sandbox.faults.clear();
      await wizard.getByLabel('Search collections').fill('Tutorial Collection');
      await wizard
        .getByRole('list', { name: 'Search results' })
        .getByRole('button', { name: /^Sandbox Tutorial Collection 1/ })
        .waitFor();
      await shots.take(page, 'service-recovered');
    }
  ));
