/**
 * The login + consent page driven by a real Chromium through Playwright, as
 * the e2e suite and a person use it: pick an identity by its accessible name,
 * click Allow, land on the app's loopback redirect with a code.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext } from 'playwright-core';
import { DEFAULT_CLIENT_ID, IDENTITIES, startSandbox, type Sandbox } from '../../sandbox';
import { launchChromium } from '../support/chromium';
import { call, pkcePair } from './helpers';

// Chromium is a test requirement (scripts/setup-system.sh installs it): without it this fails
// with a message saying so, rather than passing by skipping.
describe('consent page in Chromium', () => {
  let sandbox: Sandbox;
  let app: http.Server;
  let appUrl: string;
  let chromium: Browser;
  let browser: BrowserContext;

  beforeAll(async () => {
    sandbox = await startSandbox();
    // The "app": a loopback callback that answers with what it received.
    app = http.createServer((req, res) => {
      res.setHeader('content-type', 'text/plain');
      res.end(`callback ${req.url}`);
    });
    await new Promise<void>(resolve => app.listen(0, '127.0.0.1', resolve));
    appUrl = `http://127.0.0.1:${(app.address() as AddressInfo).port}/globus-jupyterlab/oauth_callback`;
    chromium = await launchChromium();
    browser = await chromium.newContext();
  }, 60000);

  afterAll(async () => {
    await chromium?.close();
    await new Promise(resolve => app?.close(resolve));
    await sandbox?.stop();
  });

  it('Allow with a chosen identity redirects with a code that exchanges for its tokens', async () => {
    const { verifier, challenge } = pkcePair();
    const url = new URL(`${sandbox.url}/v2/oauth2/authorize`);
    for (const [k, v] of Object.entries({
      client_id: DEFAULT_CLIENT_ID,
      redirect_uri: appUrl,
      response_type: 'code',
      scope: 'openid urn:globus:auth:scope:transfer.api.globus.org:all',
      state: 'browser-state',
      code_challenge: challenge,
      code_challenge_method: 'S256',
      prefill_named_grant: 'Globus JupyterLab',
      session_message: 'The collection you selected requires a fresh login'
    })) {
      url.searchParams.set(k, v);
    }
    const page = await browser.newPage();
    await page.goto(url.toString());
    await page.getByText('The collection you selected requires a fresh login').waitFor();
    await page.getByRole('radio', { name: 'alice@uchicago.edu' }).check();
    await Promise.all([
      page.waitForURL(u => u.toString().startsWith(appUrl)),
      page.getByRole('button', { name: 'Allow' }).click()
    ]);
    const landed = new URL(page.url());
    expect(landed.searchParams.get('state')).toBe('browser-state');
    const code = landed.searchParams.get('code') as string;
    const tokens = await call(sandbox, 'POST', '/v2/oauth2/token', {
      form: {
        grant_type: 'authorization_code',
        code,
        client_id: DEFAULT_CLIENT_ID,
        code_verifier: verifier,
        redirect_uri: appUrl
      }
    });
    expect(tokens.status).toBe(200);
    expect(tokens.body.resource_server).toBe('auth.globus.org');
    const userinfo = await call(sandbox, 'GET', '/v2/oauth2/userinfo', {
      token: tokens.body.access_token as string
    });
    expect(userinfo.body.sub).toBe(IDENTITIES[1].id);
    await page.close();
  }, 60000);

  it('Deny redirects with error=access_denied', async () => {
    const { challenge } = pkcePair();
    const url = new URL(`${sandbox.url}/v2/oauth2/authorize`);
    for (const [k, v] of Object.entries({
      client_id: DEFAULT_CLIENT_ID,
      redirect_uri: appUrl,
      response_type: 'code',
      scope: 'openid',
      state: 's2',
      code_challenge: challenge,
      code_challenge_method: 'S256'
    })) {
      url.searchParams.set(k, v);
    }
    const page = await browser.newPage();
    await page.goto(url.toString());
    await Promise.all([
      page.waitForURL(u => u.toString().startsWith(appUrl)),
      page.getByRole('button', { name: 'Deny' }).click()
    ]);
    expect(new URL(page.url()).searchParams.get('error')).toBe('access_denied');
    await page.close();
  }, 60000);
});
