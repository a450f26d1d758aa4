// The prebuilt extension, installed by the real installer into a prefix, loads in a real
// JupyterLab 4.5 without a console error or a sharing warning, and its shim answers only behind
// Jupyter's authentication.
import { openBrowser, Screenshots, type BrowserSession } from './support/browser';
import { startE2eEnvironment, type E2eEnvironment } from './support/environment';
import { fileItem, globusPanelTab, openLab } from './support/lab-page';

jest.setTimeout(90_000);

let env: E2eEnvironment;
let browser: BrowserSession;
const shots = new Screenshots('extension');

beforeAll(async () => {
  env = await startE2eEnvironment({ name: 'extension' });
  browser = await openBrowser();
});

afterAll(async () => {
  await browser?.close();
  await env?.stop();
});

afterEach(() => browser.console.assertClean(expect.getState().currentTestName ?? 'test'));

test('JupyterLab loads the installed extension: Globus panel and context menu item', async () => {
  const { page } = browser;
  await openLab(page, env.lab);
  await globusPanelTab(page).waitFor();
  await shots.take(page, 'lab-loaded');

  await fileItem(page, 'hello.txt').click({ button: 'right' });
  await page.getByRole('menuitem', { name: 'Transfer with Globus…' }).waitFor();
  await shots.take(page, 'context-menu');
  await page.keyboard.press('Escape');

  const extensions = await page.evaluate(() => {
    const data = document.getElementById('jupyter-config-data')?.textContent ?? '{}';
    return (JSON.parse(data).federated_extensions as Array<{ name: string }>).map(e => e.name);
  });
  expect(extensions).toEqual(['globus-jupyterlab-ts']);
});

test('the shim is reachable at {base_url}globus-jupyterlab/ only with Jupyter credentials', async () => {
  const url = `${env.lab.url}globus-jupyterlab/config`;
  const anonymous = await fetch(url, { redirect: 'manual' });
  expect(anonymous.status).toBe(302);
  const authenticated = await fetch(url, {
    headers: { Authorization: `token ${env.lab.token}` }
  });
  expect(authenticated.status).toBe(200);
  const config = (await authenticated.json()) as { collection_id: string; is_logged_in: boolean };
  expect(config.collection_id).toBe(env.sandbox.ids.gcp);
  expect(config.is_logged_in).toBe(false);
});
