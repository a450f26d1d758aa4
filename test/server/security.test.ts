/**
 * CSRF protection of every non-GET route, JSON-only bodies with a size limit, TCP-mode
 * access control in-process, and the rule that no token or cookie ever appears in a
 * response body or a log line.
 */
import type { Sandbox } from '../../sandbox';
import { BODY_LIMIT_BYTES } from '../../server-ts/app';
import { SANDBOX_IDS, startShim, usingShim, withSandbox, XSRF, type Shim } from './support';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await withSandbox();
});
afterAll(async () => sandbox.stop());

describe('CSRF', () => {
  let shim: Shim;
  beforeAll(async () => {
    shim = await startShim({ sandbox, env: { GLOBUS_COLLECTION_ID: SANDBOX_IDS.gcp } });
  });
  afterAll(async () => shim.close());

  const transfer = JSON.stringify({
    source_endpoint: SANDBOX_IDS.gcp,
    destination_endpoint: SANDBOX_IDS.tutorial2,
    DATA: [{ source_path: '/hello.txt', destination_path: '/home/x.txt', recursive: false }]
  });

  it.each([
    ['no header, no cookie', {}],
    ['header without cookie', { 'x-xsrftoken': XSRF }],
    ['cookie without header', { cookie: `_xsrf=${XSRF}` }],
    ['header and cookie differ', { 'x-xsrftoken': 'other', cookie: `_xsrf=${XSRF}` }],
    ['a Bearer token is not Jupyter’s token header', { authorization: `Bearer ${XSRF}` }]
  ])('refuses a POST with %s', async (_name, headers) => {
    for (const route of ['/submit_transfer', '/logout', '/bookmarks', '/endpoint_autoactivate']) {
      const response = await shim.fetch(route, {
        method: 'POST',
        csrf: false,
        headers: { 'content-type': 'application/json', ...headers },
        body: transfer
      });
      expect({ route, status: response.status }).toEqual({ route, status: 403 });
      expect(await response.json()).toEqual({ code: 'Forbidden', message: expect.any(String) });
    }
    const del = await shim.fetch(`/bookmarks/${SANDBOX_IDS.gcp}`, {
      method: 'DELETE',
      csrf: false,
      headers
    });
    expect(del.status).toBe(403);
  });

  it('accepts the matching header and cookie among other cookies, or a Jupyter token header', async () => {
    const viaCookie = await shim.fetch('/logout', {
      method: 'POST',
      csrf: false,
      headers: {
        'content-type': 'application/json',
        'x-xsrftoken': XSRF,
        cookie: `username-localhost-8888="2|abc"; _xsrf=${XSRF}; other=1`
      },
      body: '{}'
    });
    expect(viaCookie.status).toBe(200);
    const viaToken = await shim.fetch('/logout', {
      method: 'POST',
      csrf: false,
      headers: { 'content-type': 'application/json', authorization: 'token jupyter-token' },
      body: '{}'
    });
    expect(viaToken.status).toBe(200);
  });

  it('takes JSON bodies only, up to the size limit', async () => {
    for (const type of [
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x'
    ]) {
      const response = await shim.fetch('/submit_transfer', {
        method: 'POST',
        headers: { 'content-type': type },
        body: transfer
      });
      expect({ type, status: response.status }).toEqual({ type, status: 415 });
    }
    const big = await shim.fetch('/submit_transfer', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ padding: 'x'.repeat(BODY_LIMIT_BYTES) })
    });
    expect(big.status).toBe(413);
    const broken = await shim.fetch('/submit_transfer', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"source_endpoint": '
    });
    expect(broken.status).toBe(400);
    expect((await broken.json()).code).toBe('InvalidInput');
  });

  it('never answers a CORS preflight', async () => {
    const preflight = await shim.fetch('/submit_transfer', {
      method: 'OPTIONS',
      headers: {
        origin: 'https://evil.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'x-xsrftoken,content-type'
      }
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    expect(preflight.status).toBeGreaterThanOrEqual(400);
  });
});

describe('TCP-mode access control (in-process)', () => {
  it('answers 403 without the secret, except the readiness probe', async () => {
    await usingShim({ sandbox, deps: { accessToken: 'in-process-secret' } }, async shim => {
      expect((await shim.fetch('/')).status).toBe(200);
      expect((await shim.fetch('/config')).status).toBe(403);
      expect((await shim.fetch('/login')).status).toBe(403);
      expect((await shim.fetch('/oauth_callback?code=x&state=y')).status).toBe(403);
      expect(
        (await shim.fetch('/config', { headers: { authorization: 'token in-process-secret' } }))
          .status
      ).toBe(200);
      expect(
        (await shim.fetch('/config', { headers: { authorization: 'token in-process-secreT' } }))
          .status
      ).toBe(403);
    });
  });
});

describe('secrets', () => {
  it('no issued token, refresh token or cookie appears in any response or log line', async () => {
    const shim = await startShim({
      sandbox,
      env: {
        GLOBUS_COLLECTION_ID: SANDBOX_IDS.gcp,
        GLOBUS_REFRESH_TOKENS: 'true',
        GLOBUS_JUPYTERLAB_LOG_LEVEL: 'trace'
      }
    });
    const bodies: string[] = [];
    const cookie = `_xsrf=${XSRF}; session-cookie=jupyter-session-secret-42`;
    const record = async (response: Response) => {
      bodies.push(JSON.stringify([...response.headers]), await response.text());
      return response;
    };
    try {
      await record(await shim.login());
      await record(await shim.fetch('/config', { headers: { cookie } }));
      await record(await shim.fetch('/whoami', { headers: { cookie } }));
      await record(
        await shim.fetch('/endpoint_search?filter_fulltext=Tutorial', { headers: { cookie } })
      );
      await record(await shim.fetch(`/operation_ls?endpoint=${SANDBOX_IDS.mapped}`));
      await record(await shim.fetch(`/operation_ls?endpoint=${SANDBOX_IDS.s3}`));
      const submitted = await record(
        await shim.fetch('/submit_transfer', {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-xsrftoken': XSRF, cookie },
          body: JSON.stringify({
            source_endpoint: SANDBOX_IDS.gcp,
            destination_endpoint: SANDBOX_IDS.tutorial2,
            DATA: [{ source_path: '/hello.txt', destination_path: '/home/s.txt', recursive: false }]
          })
        })
      );
      expect(submitted.status).toBe(200);
      shim.advanceClock(49 * 3600); // forces a refresh
      await record(await shim.fetch('/tasks'));
      await record(
        await shim.fetch('/logout', {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-xsrftoken': XSRF, cookie },
          body: '{}'
        })
      );
      const secrets = sandbox.state.issuedTokens.map(t => t.token);
      expect(secrets.length).toBeGreaterThanOrEqual(5);
      secrets.push('jupyter-session-secret-42');
      const everything = `${bodies.join('\n')}\n${shim.log.text()}`;
      expect(shim.log.lines.length).toBeGreaterThan(0);
      for (const secret of secrets) expect(everything.includes(secret)).toBe(false);
    } finally {
      await shim.close();
    }
  });
});
