/**
 * The hub's Globus login: the copy-code flow (globus-api.md §1.3). The login
 * ends on Globus's auth-code page, whose code the user pastes back.
 */
import type { Page } from 'playwright-core';
import type { HubUserSession } from './lab-session';

/** On the sandbox's login + consent page: pick the identity, Allow, and read the code it shows. */
export async function approveAndReadCode(page: Page, identityUsername: string): Promise<string> {
  await page.getByLabel(identityUsername, { exact: true }).check();
  await page.getByRole('button', { name: 'Allow' }).click();
  const code = page.locator('#auth-code');
  await code.waitFor({ timeout: 15_000 });
  return (await code.textContent())?.trim() ?? '';
}

/**
 * Copy-code login through the shim's own routes, in the user's browser: open
 * `/login` (which redirects to Globus), approve, then hand the code to
 * `/oauth_callback_manual` as the wizard's form does.
 */
export async function copyCodeLogin(
  session: HubUserSession,
  identityUsername: string
): Promise<void> {
  const tab = await session.context.newPage();
  try {
    await tab.goto(`${session.serverUrl}globus-jupyterlab/login`);
    const code = await approveAndReadCode(tab, identityUsername);
    if (!code) throw new Error('the auth-code page showed no code');
    const answer = await session.shim<{ result: boolean; message: string }>(
      'GET',
      `oauth_callback_manual?code=${encodeURIComponent(code)}`
    );
    if (answer.status !== 200 || !answer.body.result) {
      throw new Error(
        `oauth_callback_manual refused the code: ${answer.status} ${JSON.stringify(answer.body)}`
      );
    }
  } finally {
    await tab.close();
  }
}
