/**
 * The hub's Globus login as a person does it: the copy-code flow
 * (globus-api.md §1.3) through the extension's own UI. In a hub the login ends
 * on Globus's auth-code page, whose code the user pastes back into JupyterLab.
 */
import type { Page } from 'playwright-core';
import { showGlobusPanel } from '../../e2e/support/lab-page';
import type { HubUserSession } from './lab-session';

/** On the sandbox's login + consent page: pick the identity, Allow, and read the code it shows. */
async function approveAndReadCode(page: Page, identityUsername: string): Promise<string> {
  await page.getByLabel(identityUsername, { exact: true }).check();
  await page.getByRole('button', { name: 'Allow' }).click();
  const code = page.locator('#auth-code');
  await code.waitFor({ timeout: 15_000 });
  return (await code.textContent())?.trim() ?? '';
}

/**
 * Globus side panel → "Log in to Globus" → the form's "Globus login" link opens
 * Globus in a new tab → pick the identity, Allow → copy the code → paste it
 * into the form → "Submit code". Resolves once the form is gone.
 */
export async function copyCodeLoginThroughUi(
  session: HubUserSession,
  identityUsername: string
): Promise<void> {
  const { page, context } = session;
  const panel = await showGlobusPanel(page);
  await panel.getByRole('button', { name: 'Log in to Globus' }).click();

  // The copy-code form, not a popup: that is what hub mode means for the login.
  const codeInput = panel.getByLabel(/Paste the authorization code/);
  await codeInput.waitFor({ timeout: 15_000 });
  await session.screenshot('copy-code-form');
  const [globusTab] = await Promise.all([
    context.waitForEvent('page'),
    panel.getByRole('link', { name: 'Globus login' }).click()
  ]);
  let code: string;
  try {
    code = await approveAndReadCode(globusTab, identityUsername);
    await globusTab.screenshot({ path: `${session.outputPrefix}-auth-code-page.png` });
  } finally {
    await globusTab.close();
  }
  if (!code) throw new Error('the auth-code page showed no code');

  await codeInput.fill(code);
  await panel.getByRole('button', { name: 'Submit code' }).click();
  await codeInput.waitFor({ state: 'detached', timeout: 15_000 });
  await panel
    .getByText(/Logged in/)
    .first()
    .waitFor();
  await session.screenshot('logged-in');
}
