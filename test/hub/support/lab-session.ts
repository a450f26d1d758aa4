/**
 * A hub user in a real browser: logs in to the hub (DummyAuthenticator form),
 * lands in their JupyterLab, and talks to their shim the way the extension
 * does: same origin, the hub's session cookies, `X-XSRFToken` from `_xsrf`.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { OUTPUT, type HubRun } from './hub-run';

export { launchChromium } from '../../support/chromium';

export interface ShimAnswer<T = unknown> {
  status: number;
  body: T;
  /** Where the request ended after redirects. */
  url: string;
}

export class HubUserSession {
  readonly consoleErrors: string[] = [];

  private constructor(
    readonly user: string,
    readonly hub: HubRun,
    readonly context: BrowserContext,
    readonly page: Page
  ) {}

  /** A fresh browser profile (own cookies) that logs in to the hub as `user` and opens /lab. */
  static async open(browser: Browser, hub: HubRun, user: string): Promise<HubUserSession> {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    const session = new HubUserSession(user, hub, context, page);
    page.on('console', message => {
      if (message.type() === 'error') session.consoleErrors.push(message.text());
    });
    await page.goto(`${hub.url}/hub/login`);
    await page.fill('#username_input', user);
    await page.fill('#password_input', hub.password);
    await page.click('#login_submit');
    // The hub spawns the server, then sends the browser through its OAuth to /user/<name>/lab.
    await page.waitForURL(new RegExp(`/user/${user}/lab`), { timeout: 90_000 });
    await page.waitForSelector('#jp-main-dock-panel', { timeout: 60_000 });
    return session;
  }

  get serverUrl(): string {
    return `${this.hub.url}/user/${this.user}/`;
  }

  /**
   * Call a shim route from inside the page, as the extension's axios client does.
   * `owner` addresses another user's server (the isolation check).
   */
  async shim<T = unknown>(
    method: 'GET' | 'POST',
    route: string,
    body?: unknown,
    owner: string = this.user
  ): Promise<ShimAnswer<T>> {
    return this.page.evaluate(
      async ({ url, method, body }) => {
        const xsrf = /(?:^|;\s*)_xsrf=([^;]*)/.exec(document.cookie)?.[1];
        const response = await fetch(url, {
          method,
          credentials: 'same-origin',
          headers: {
            Accept: 'application/json',
            ...(xsrf ? { 'X-XSRFToken': decodeURIComponent(xsrf) } : {}),
            ...(body === undefined ? {} : { 'Content-Type': 'application/json' })
          },
          body: body === undefined ? undefined : JSON.stringify(body)
        });
        const text = await response.text();
        let parsed: unknown = text;
        try {
          parsed = JSON.parse(text);
        } catch {
          // not JSON: keep the text (e.g. a hub error page)
        }
        return { status: response.status, body: parsed, url: response.url };
      },
      { url: `${this.hub.url}/user/${owner}/globus-jupyterlab/${route}`, method, body }
    ) as Promise<ShimAnswer<T>>;
  }

  /** Screenshots of this user go to test-output/hub/<user>-<name>.png. */
  get outputPrefix(): string {
    mkdirSync(OUTPUT, { recursive: true });
    return join(OUTPUT, this.user);
  }

  async screenshot(name: string): Promise<void> {
    await this.page.screenshot({ path: `${this.outputPrefix}-${name}.png` });
  }

  async close(): Promise<void> {
    await this.context.close();
  }
}
