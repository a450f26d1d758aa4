/**
 * The login flow against the sandbox: /login's authorize URL, the popup callback page,
 * the copy-code flow, state binding and expiry, /whoami, /config and logout.
 */
import { readFileSync, statSync } from 'node:fs';
import type { Sandbox } from '../../sandbox';
import { DEFAULT_CLIENT_ID } from '../../server-ts/config';
import { IDENTITIES, startShim, usingShim, withSandbox, type Shim } from './support';

const TRANSFER = 'urn:globus:auth:scope:transfer.api.globus.org:all';
let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await withSandbox();
});
afterAll(async () => {
  await sandbox.stop();
});

describe('GET /login', () => {
  let shim: Shim;
  beforeEach(async () => {
    shim = await startShim({ sandbox });
  });
  afterEach(async () => shim.close());

  it('redirects to Globus authorize with PKCE S256, the named grant and the base scopes', async () => {
    const response = await shim.fetch('/login', {
      headers: { 'x-forwarded-prefix': '/user/alice/globus-jupyterlab' }
    });
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get('location') ?? '');
    expect(`${location.origin}${location.pathname}`).toBe(`${sandbox.url}/v2/oauth2/authorize`);
    const q = location.searchParams;
    expect(q.get('client_id')).toBe(DEFAULT_CLIENT_ID);
    expect(q.get('response_type')).toBe('code');
    expect(q.get('code_challenge_method')).toBe('S256');
    expect(q.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(q.get('prefill_named_grant')).toBe('Globus JupyterLab');
    expect(q.get('access_type')).toBe('online');
    expect(q.get('scope')?.split(' ').sort()).toEqual([TRANSFER, 'openid', 'profile'].sort());
    expect(q.get('state')?.length).toBeGreaterThanOrEqual(32);
    const host = new URL(shim.url).host;
    expect(q.get('redirect_uri')).toBe(
      `http://${host}/user/alice/globus-jupyterlab/oauth_callback`
    );
  });

  it('passes requested_scopes and the session parameters through', async () => {
    const query = new URLSearchParams({
      requested_scopes: `openid ${TRANSFER}[https://auth.globus.org/scopes/${sandbox.ids.mapped}/data_access]`,
      session_required_single_domain: 'uchicago.edu',
      session_message: 'please',
      session_required_identities: IDENTITIES[1].id,
      session_required_mfa: 'true',
      prompt: 'login'
    });
    const response = await shim.fetch(`/login?${query.toString()}`);
    const q = new URL(response.headers.get('location') ?? '').searchParams;
    expect(q.get('scope')).toBe(query.get('requested_scopes'));
    for (const key of [
      'session_required_single_domain',
      'session_message',
      'session_required_identities',
      'session_required_mfa',
      'prompt'
    ]) {
      expect(q.get(key)).toBe(query.get(key));
    }
  });

  it('asks for offline access, the custom submission scope and a custom grant when configured', async () => {
    const custom = 'https://auth.globus.org/scopes/5e1f0000-0000-4000-8000-00000000a001/submit';
    const configured = await startShim({
      sandbox,
      env: {
        GLOBUS_REFRESH_TOKENS: 'true',
        GLOBUS_NAMED_GRANT: 'My Hub',
        GLOBUS_TRANSFER_SUBMISSION_URL: 'http://127.0.0.1:9/submit',
        GLOBUS_TRANSFER_SUBMISSION_SCOPE: custom
      }
    });
    try {
      const q = new URL((await configured.fetch('/login')).headers.get('location') ?? '')
        .searchParams;
      expect(q.get('access_type')).toBe('offline');
      expect(q.get('prefill_named_grant')).toBe('My Hub');
      expect(q.get('scope')?.split(' ')).toContain(custom);
    } finally {
      await configured.close();
    }
  });

  it('uses GLOBUS_REDIRECT_URI when set, and X-Forwarded-Proto for the automatic one', async () => {
    const proto = await shim.fetch('/login', {
      headers: { 'x-forwarded-proto': 'https', 'x-forwarded-context': '/lab/globus-jupyterlab' }
    });
    const host = new URL(shim.url).host;
    expect(new URL(proto.headers.get('location') ?? '').searchParams.get('redirect_uri')).toBe(
      `https://${host}/lab/globus-jupyterlab/oauth_callback`
    );
    const fixed = await startShim({
      sandbox,
      env: { GLOBUS_REDIRECT_URI: 'http://localhost:8888/globus-jupyterlab/oauth_callback' }
    });
    try {
      const q = new URL((await fixed.fetch('/login')).headers.get('location') ?? '').searchParams;
      expect(q.get('redirect_uri')).toBe('http://localhost:8888/globus-jupyterlab/oauth_callback');
    } finally {
      await fixed.close();
    }
  });
});

describe('GET /oauth_callback', () => {
  let shim: Shim;
  beforeEach(async () => {
    shim = await startShim({ sandbox });
  });
  afterEach(async () => shim.close());

  it('completes the login: the page notifies its opener, tokens are stored, /config says logged in', async () => {
    expect((await shim.json('/config')).body.is_logged_in).toBe(false);
    const page = await shim.login();
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    const html = await page.text();
    expect(html).toContain('"type":"globus-jupyterlab:login"');
    expect(html).toContain('"result":"success"');
    expect(html).toContain('window.opener.postMessage(message, window.location.origin)');
    const csp = page.headers.get('content-security-policy') ?? '';
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(html).toContain(`<script nonce="${nonce}">`);

    const config = await shim.json('/config');
    expect(config.body.is_logged_in).toBe(true);
    expect(Date.parse(String(config.body.last_login))).not.toBeNaN();

    const file = JSON.parse(readFileSync(shim.config.tokenStoragePath, 'utf8'));
    expect(file.format_version).toBe('1.0');
    expect(typeof file['globus-sdk.version']).toBe('string');
    expect(Object.keys(file.by_rs).sort()).toEqual(['auth.globus.org', 'transfer.api.globus.org']);
    expect(file.by_rs['transfer.api.globus.org']).toEqual({
      scope: TRANSFER,
      access_token: expect.any(String),
      refresh_token: null,
      token_type: 'Bearer',
      expires_at_seconds: expect.any(Number),
      resource_server: 'transfer.api.globus.org'
    });
    expect(statSync(shim.config.tokenStoragePath).mode & 0o777).toBe(0o600);
  });

  it('refuses an unknown state, a reused state and an expired state', async () => {
    const start = await shim.fetch('/login');
    const authorize = start.headers.get('location') ?? '';
    const back = new URL(await sandbox.approve(authorize));

    const forged = new URL(back);
    forged.searchParams.set('state', 'not-a-state-we-issued');
    const refused = await fetch(forged);
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('"result":"error"');

    // The real state still works once, then is spent.
    expect((await fetch(back)).status).toBe(200);
    expect((await fetch(back)).status).toBe(400);

    const second = await shim.fetch('/login');
    const backAgain = await sandbox.approve(second.headers.get('location') ?? '');
    shim.advanceClock(16 * 60);
    const expired = await fetch(backAgain);
    expect(expired.status).toBe(400);
    expect(await expired.text()).toContain('expired');
  });

  it('reports a denied consent without reflecting input unescaped', async () => {
    const start = await shim.fetch('/login');
    const back = await sandbox.approve(start.headers.get('location') ?? '', { deny: true });
    const denied = await fetch(back);
    expect(denied.status).toBe(400);
    expect(await denied.text()).toContain('"result":"error"');

    const hostile = await shim.fetch(
      `/oauth_callback?error=x&error_description=${encodeURIComponent('<script>alert(1)</script>')}`
    );
    const html = await hostile.text();
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).toContain('&#60;script&#62;alert(1)&#60;/script&#62;');
    expect(html).toContain('\\u003cscript\\u003e');
  });

  it('returns the Globus error when the code exchange is refused', async () => {
    const start = await shim.fetch('/login');
    const back = new URL(await sandbox.approve(start.headers.get('location') ?? ''));
    back.searchParams.set('code', 'a-code-globus-never-issued');
    const page = await fetch(back);
    expect(page.status).toBe(401);
    expect(await page.text()).toContain('"result":"error"');
    expect((await shim.json('/config')).body.is_logged_in).toBe(false);
  });
});

describe('copy-code login in a hub', () => {
  it('redirects to the auth-code page and finishes with /oauth_callback_manual', async () => {
    await usingShim(
      {
        sandbox,
        env: { JUPYTERHUB_USER: 'alice', JUPYTERHUB_API_TOKEN: 'hub-secret' }
      },
      async shim => {
        const config = (await shim.json('/config')).body;
        expect(config.is_hub).toBe(true);
        expect(config.is_manual_copy_code_required).toBe(true);
        const start = await shim.fetch('/login');
        const authorize = new URL(start.headers.get('location') ?? '');
        expect(authorize.searchParams.get('redirect_uri')).toBe(`${sandbox.url}/v2/web/auth-code`);
        const codePage = await sandbox.approve(authorize.toString());
        const page = await fetch(codePage);
        const code = /<code id="auth-code">([^<]+)<\/code>/.exec(await page.text())?.[1];
        expect(code).toBeTruthy();

        const wrong = await shim.json(`/oauth_callback_manual?code=${encodeURIComponent('nope')}`);
        expect(wrong.status).toBe(401);
        expect(wrong.body).toMatchObject({ result: false, status_code: 401 });

        const again = await shim.fetch('/login');
        const codePage2 = await fetch(await sandbox.approve(again.headers.get('location') ?? ''));
        const code2 = /<code id="auth-code">([^<]+)<\/code>/.exec(await codePage2.text())?.[1];
        const done = await shim.json(
          `/oauth_callback_manual?code=${encodeURIComponent(code2 ?? '')}`
        );
        expect(done).toEqual({
          status: 200,
          body: { result: true, status_code: 200, code: 'LoginSucceeded', message: 'Logged in' }
        });
        expect((await shim.json('/config')).body.is_logged_in).toBe(true);

        const none = await shim.json('/oauth_callback_manual?code=late');
        expect(none.status).toBe(400);
        expect(none.body).toMatchObject({ result: false, code: 'LoginExpired' });
      }
    );
  });
});

describe('GET /whoami and logout', () => {
  it('answers the identity set, then logout revokes every token at Globus and deletes the file', async () => {
    await usingShim({ sandbox, env: { GLOBUS_REFRESH_TOKENS: 'true' } }, async shim => {
      expect((await shim.json('/whoami')).status).toBe(401);
      await shim.login({ identityId: IDENTITIES[0].id });
      const who = await shim.json<{
        name: string;
        preferred_username: string;
        identities: Array<{ id: string; username: string }>;
      }>('/whoami');
      expect(who.status).toBe(200);
      expect(who.body.name).toBe(IDENTITIES[0].name);
      expect(who.body.preferred_username).toBe(IDENTITIES[0].username);
      const usernames = who.body.identities.map(i => i.username);
      expect(usernames).toEqual(
        expect.arrayContaining(['alice@globusid.org', 'alice@uchicago.edu'])
      );

      const stored = JSON.parse(readFileSync(shim.config.tokenStoragePath, 'utf8')).by_rs;
      const secrets = Object.values(stored).flatMap(t => {
        const token = t as { access_token: string; refresh_token: string | null };
        return [token.access_token, token.refresh_token];
      });
      expect(secrets.filter(Boolean)).toHaveLength(4);

      const refused = await shim.fetch('/logout', { method: 'POST', csrf: false });
      expect(refused.status).toBe(403);

      const out = await shim.post('/logout', {});
      expect(out).toEqual({
        status: 200,
        body: { result: true, details: 'You have been logged out.' }
      });
      for (const secret of secrets) expect(sandbox.state.revokedTokens).toContain(secret);
      expect(() => statSync(shim.config.tokenStoragePath)).toThrow(/ENOENT/);
      expect((await shim.json('/config')).body.is_logged_in).toBe(false);

      const crossSite = await shim.fetch('/logout', {
        headers: { 'sec-fetch-site': 'cross-site' }
      });
      expect(crossSite.status).toBe(403);
      const again = await shim.json('/logout');
      expect(again.body).toEqual({ result: false, details: 'You are not logged in!' });
    });
  });
});
