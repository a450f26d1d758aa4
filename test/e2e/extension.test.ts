// The prebuilt extension, installed by the real installer into a prefix, loads in a real
// JupyterLab 4.5 without a console error or a sharing warning, and its shim answers only behind
// Jupyter's authentication.
import { openBrowser, Screenshots, type BrowserSession } from './support/browser';
import { startE2eEnvironment, type E2eEnvironment } from './support/environment';
import {
  fileItem,
  globusPanelTab,
  openLab,
  openTransferWizard,
  showGlobusPanel
} from './support/lab-page';

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

// Without a browser (setup failed) there is nothing to check; the setup error is the report.
afterEach(() => browser?.console.assertClean(expect.getState().currentTestName ?? 'test'));

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

/** Relative luminance (0 black … 1 white) of a computed CSS colour `rgb(r, g, b)`. */
function luminance(color: string): number {
  const [r, g, b] = (color.match(/\d+(\.\d+)?/g) ?? []).slice(0, 3).map(Number);
  return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
}

test('the dark theme: JupyterLab and the Globus panel follow it', () =>
  shots.guard(
    () => browser.page,
    async () => {
      const { page } = browser;
      await page.getByRole('menuitem', { name: 'Settings' }).click();
      // Lumino gives submenu entries and toggled commands no menuitem role: match their labels.
      await page.locator('#jp-mainmenu-settings .lm-Menu-item', { hasText: /^Theme$/ }).click();
      await page.locator('.lm-Menu-item', { hasText: /^JupyterLab Dark$/ }).click();
      await page.locator('body[data-jp-theme-light="false"]').waitFor({ state: 'attached' });
      const panel = await showGlobusPanel(page);
      await panel.getByRole('button', { name: 'Log in to Globus' }).waitFor();
      await shots.take(page, 'dark-theme-panel');

      const background = await panel.evaluate(node => getComputedStyle(node).backgroundColor);
      const text = await panel
        .getByRole('heading', { name: 'Globus' })
        .evaluate(node => getComputedStyle(node).color);
      expect(luminance(background)).toBeLessThan(0.3);
      expect(luminance(text)).toBeGreaterThan(0.6);

      const wizard = await openTransferWizard(page, 'hello.txt');
      await wizard.getByRole('button', { name: 'Log in to Globus' }).waitFor();
      await shots.take(page, 'dark-theme-wizard');
      const wizardBackground = await wizard.evaluate(node => {
        // The first ancestor that paints a background is what the user sees behind the wizard.
        for (let element: Element | null = node; element; element = element.parentElement) {
          const color = getComputedStyle(element).backgroundColor;
          if (!/rgba\(0, 0, 0, 0\)|transparent/.test(color)) return color;
        }
        return '';
      });
      expect(luminance(wizardBackground)).toBeLessThan(0.3);
    }
  ));
