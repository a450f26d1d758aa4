import { createPublicKey, createVerify, type JsonWebKey } from 'node:crypto';
import { DEFAULT_CLIENT_ID, IDENTITIES, startSandbox, type Sandbox } from '../../sandbox';
import {
  REDIRECT_URI,
  TRANSFER_SCOPE,
  authorizeUrl,
  call,
  login,
  pkcePair,
  tokenFor
} from './helpers';

const [aliceGlobusId, aliceUchicago, aliceExample, bob] = IDENTITIES;

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, quiet: true });
});
afterAll(async () => {
  await sandbox.stop();
});

async function page(params: Record<string, string>) {
  const response = await fetch(authorizeUrl(sandbox, params), { redirect: 'manual' });
  return {
    status: response.status,
    location: response.headers.get('location'),
    html: await response.text()
  };
}

function pkceParams() {
  const pair = pkcePair();
  return { ...pair, params: { code_challenge: pair.challenge, code_challenge_method: 'S256' } };
}

describe('GET /v2/oauth2/authorize', () => {
  it('renders a login + consent page with identities as radios, scopes, named grant and session message', async () => {
    const { params } = pkceParams();
    const { status, html } = await page({
      ...params,
      scope: `openid ${TRANSFER_SCOPE}`,
      prefill_named_grant: 'My JupyterLab',
      session_message: 'Please log in again'
    });
    expect(status).toBe(200);
    for (const identity of IDENTITIES) {
      expect(html).toContain(`value="${identity.id}"`);
      expect(html).toContain(`>${identity.username}</label>`);
    }
    expect(html).toContain('value="My JupyterLab"');
    expect(html).toContain(`<code>${TRANSFER_SCOPE}</code>`);
    expect(html).toContain('id="session-message">Please log in again<');
    expect(html).toContain('value="allow">Allow</button>');
    expect(html).toContain('value="deny">Deny</button>');
  });

  it('refuses an unknown client_id with an error page and no redirect', async () => {
    const { params } = pkceParams();
    const { status, location, html } = await page({
      ...params,
      scope: 'openid',
      client_id: '00000000-0000-4000-8000-000000000000'
    });
    expect(status).toBe(400);
    expect(location).toBeNull();
    expect(html).toContain('is not registered');
  });

  it('refuses a non-loopback redirect_uri with an error page', async () => {
    const { params } = pkceParams();
    const { status, html } = await page({
      ...params,
      scope: 'openid',
      redirect_uri: 'https://evil.example.com/cb'
    });
    expect(status).toBe(400);
    expect(html).toContain('Mismatching redirect URI');
  });

  it('accepts localhost redirect URIs on any port and the sandbox auth-code page', async () => {
    const { params } = pkceParams();
    expect(
      (await page({ ...params, scope: 'openid', redirect_uri: 'http://localhost:9999/x/y' })).status
    ).toBe(200);
    expect(
      (await page({ ...params, scope: 'openid', redirect_uri: `${sandbox.url}/v2/web/auth-code` }))
        .status
    ).toBe(200);
  });

  it.each([
    [{ response_type: 'token' }, 'unsupported_response_type'],
    [{ scope: 'urn:globus:auth:scope:nope:all' }, 'invalid_scope'],
    [{ scope: 'openid[' }, 'invalid_scope'],
    [{ code_challenge: '' }, 'invalid_request'],
    [{ code_challenge_method: 'S512' }, 'invalid_request'],
    [{ code_challenge: 'short' }, 'invalid_request']
  ])('redirects bad parameters %j back with error=%s and the state', async (override, error) => {
    const { params } = pkceParams();
    const { status, location } = await page({ scope: 'openid', ...params, ...override });
    expect(status).toBe(302);
    const url = new URL(location as string);
    expect(url.origin + url.pathname).toBe(REDIRECT_URI);
    expect(url.searchParams.get('error')).toBe(error);
    expect(url.searchParams.get('state')).toBe('st-123');
  });

  it('refuses data_access on a collection that is not a mapped GCSv5 collection (Unknown scope)', async () => {
    const { params } = pkceParams();
    const scope = `${TRANSFER_SCOPE}[*https://auth.globus.org/scopes/${sandbox.ids.guest}/data_access]`;
    const { location } = await page({ ...params, scope });
    expect(new URL(location as string).searchParams.get('error_description')).toContain(
      'Unknown scope'
    );
  });

  it('offers only identities from session_required_single_domain', async () => {
    const { params } = pkceParams();
    const { html } = await page({
      ...params,
      scope: 'openid',
      session_required_single_domain: 'uchicago.edu'
    });
    expect(html).toContain(`value="${aliceUchicago.id}"`);
    expect(html).not.toContain(`value="${aliceGlobusId.id}"`);
    expect(html).not.toContain(`value="${bob.id}"`);
  });

  it('offers only session_required_identities', async () => {
    const { params } = pkceParams();
    const { html } = await page({
      ...params,
      scope: 'openid',
      session_required_identities: `${aliceExample.id},${bob.id}`
    });
    expect(html).toContain(`value="${aliceExample.id}"`);
    expect(html).toContain(`value="${bob.id}"`);
    expect(html).not.toContain(`value="${aliceUchicago.id}"`);
  });

  it('shows an error page when no identity can satisfy the session requirement', async () => {
    const { params } = pkceParams();
    const { status, html } = await page({
      ...params,
      scope: 'openid',
      session_required_single_domain: 'nowhere.edu'
    });
    expect(status).toBe(400);
    expect(html).toContain('No matching identity');
  });

  it('Deny redirects with error=access_denied and the state', async () => {
    const { params } = pkceParams();
    const redirect = await sandbox.approve(authorizeUrl(sandbox, { ...params, scope: 'openid' }), {
      deny: true
    });
    const url = new URL(redirect);
    expect(url.searchParams.get('error')).toBe('access_denied');
    expect(url.searchParams.get('state')).toBe('st-123');
    expect(url.searchParams.get('code')).toBeNull();
  });

  it('approve refuses an identity the page did not offer', async () => {
    const { params } = pkceParams();
    await expect(
      sandbox.approve(
        authorizeUrl(sandbox, {
          ...params,
          scope: 'openid',
          session_required_single_domain: 'uchicago.edu'
        }),
        {
          identityId: bob.id
        }
      )
    ).rejects.toThrow(/not offered/);
  });

  it('shows the code on /v2/web/auth-code when that is the redirect_uri', async () => {
    const { params } = pkceParams();
    const redirect = await sandbox.approve(
      authorizeUrl(sandbox, {
        ...params,
        scope: 'openid',
        redirect_uri: `${sandbox.url}/v2/web/auth-code`
      })
    );
    expect(redirect.startsWith(`${sandbox.url}/v2/web/auth-code?`)).toBe(true);
    const code = new URL(redirect).searchParams.get('code') as string;
    const html = await (await fetch(redirect)).text();
    expect(html).toContain(`<code id="auth-code">${code}</code>`);
  });
});

describe('POST /v2/oauth2/token (authorization_code + PKCE)', () => {
  async function codeFor(scope: string, extra: Record<string, string> = {}) {
    const pair = pkcePair();
    const redirect = await sandbox.approve(
      authorizeUrl(sandbox, {
        scope,
        code_challenge: pair.challenge,
        code_challenge_method: 'S256',
        ...extra
      })
    );
    return { code: new URL(redirect).searchParams.get('code') as string, verifier: pair.verifier };
  }
  const exchange = (code: string, verifier: string | undefined, redirectUri = REDIRECT_URI) =>
    call(sandbox, 'POST', '/v2/oauth2/token', {
      form: {
        grant_type: 'authorization_code',
        code,
        client_id: DEFAULT_CLIENT_ID,
        redirect_uri: redirectUri,
        ...(verifier ? { code_verifier: verifier } : {})
      }
    });

  it('issues one token per resource server with other_tokens, expires_in, id_token and refresh tokens', async () => {
    const { code, verifier } = await codeFor(`openid profile email ${TRANSFER_SCOPE}`, {
      access_type: 'offline'
    });
    const { status, body } = await exchange(code, verifier);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      resource_server: 'auth.globus.org',
      scope: 'openid profile email',
      token_type: 'Bearer',
      expires_in: 172800,
      state: 'st-123'
    });
    expect(typeof body.refresh_token).toBe('string');
    const idToken = body.id_token as string;
    const [header, payload, signature] = idToken.split('.');
    const jwks = await call(sandbox, 'GET', '/jwk.json');
    const key = createPublicKey({ key: (jwks.body.keys as JsonWebKey[])[0], format: 'jwk' });
    expect(
      createVerify('RSA-SHA512')
        .update(`${header}.${payload}`)
        .verify(key, Buffer.from(signature, 'base64url'))
    ).toBe(true);
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    expect(claims).toMatchObject({
      sub: aliceGlobusId.id,
      aud: DEFAULT_CLIENT_ID,
      iss: sandbox.url
    });
    const others = body.other_tokens as Array<Record<string, unknown>>;
    expect(others).toHaveLength(1);
    expect(others[0]).toMatchObject({
      resource_server: 'transfer.api.globus.org',
      scope: TRANSFER_SCOPE,
      expires_in: 172800
    });
    expect(typeof others[0].refresh_token).toBe('string');
  });

  it('omits refresh tokens without access_type=offline', async () => {
    const { code, verifier } = await codeFor(TRANSFER_SCOPE);
    const { body } = await exchange(code, verifier);
    expect(body.refresh_token).toBeNull();
    expect(body.id_token).toBeUndefined();
  });

  it('refuses a wrong code_verifier with 401 invalid_grant', async () => {
    const { code } = await codeFor(TRANSFER_SCOPE);
    const wrong = pkcePair().verifier;
    const { status, body } = await exchange(code, wrong);
    expect(status).toBe(401);
    expect(body.error).toBe('invalid_grant');
    expect(body.error_description).toContain('code_challenge');
  });

  it('refuses a missing code_verifier', async () => {
    const { code } = await codeFor(TRANSFER_SCOPE);
    const { status, body } = await exchange(code, undefined);
    expect(status).toBe(401);
    expect(body.error).toBe('invalid_grant');
  });

  it('refuses a reused code with invalid_grant', async () => {
    const { code, verifier } = await codeFor(TRANSFER_SCOPE);
    expect((await exchange(code, verifier)).status).toBe(200);
    const again = await exchange(code, verifier);
    expect(again.status).toBe(401);
    expect(again.body).toMatchObject({
      error: 'invalid_grant',
      error_description: 'authorization code was already used'
    });
  });

  it('refuses a redirect_uri different from the authorize one', async () => {
    const { code, verifier } = await codeFor(TRANSFER_SCOPE);
    const { status, body } = await exchange(code, verifier, 'http://127.0.0.1:1/other');
    expect(status).toBe(401);
    expect(body.error).toBe('invalid_grant');
  });

  it('refuses an expired code', async () => {
    const { code, verifier } = await codeFor(TRANSFER_SCOPE);
    sandbox.advanceClock(601);
    const { status, body } = await exchange(code, verifier);
    expect(status).toBe(401);
    expect(body.error_description).toBe('authorization code expired');
  });

  it('refuses unknown clients and grant types', async () => {
    const unknownClient = await call(sandbox, 'POST', '/v2/oauth2/token', {
      form: { grant_type: 'authorization_code', code: 'x', client_id: 'nope' }
    });
    expect(unknownClient.status).toBe(401);
    expect(unknownClient.body.error).toBe('invalid_client');
    const grant = await call(sandbox, 'POST', '/v2/oauth2/token', {
      form: { grant_type: 'password', client_id: DEFAULT_CLIENT_ID }
    });
    expect(grant.status).toBe(400);
    expect(grant.body.error).toBe('unsupported_grant_type');
  });

  it('records the dependent data_access scope as a consent and on the issued Transfer token', async () => {
    const scope = `${TRANSFER_SCOPE}[*https://auth.globus.org/scopes/${sandbox.ids.mapped}/data_access]`;
    const doc = await login(sandbox, scope);
    expect(doc.scope).toBe(TRANSFER_SCOPE);
    const record = sandbox.state.issuedTokens.find(t => t.token === doc.access_token);
    expect(record?.data_access).toEqual([sandbox.ids.mapped]);
    expect(sandbox.state.consents.map(c => c.scope)).toContain(
      `${TRANSFER_SCOPE} > https://auth.globus.org/scopes/${sandbox.ids.mapped}/data_access`
    );
  });

  it('issues tokens for custom resource-server scopes', async () => {
    const custom = 'https://auth.globus.org/scopes/0f0e0d0c-0b0a-4900-8807-060504030201/submit';
    const doc = await login(
      sandbox,
      `${custom}[${TRANSFER_SCOPE}[https://auth.globus.org/scopes/${sandbox.ids.mapped}/data_access]]`
    );
    expect(doc).toMatchObject({
      resource_server: '0f0e0d0c-0b0a-4900-8807-060504030201',
      scope: custom
    });
  });
});

describe('refresh, revoke, introspect, validate, userinfo', () => {
  it('refresh_token grant issues a new working access token; a revoked refresh token gets invalid_grant', async () => {
    const doc = await login(sandbox, TRANSFER_SCOPE, { extra: { access_type: 'offline' } });
    const refresh = doc.refresh_token as string;
    const refreshed = await call(sandbox, 'POST', '/v2/oauth2/token', {
      form: { grant_type: 'refresh_token', refresh_token: refresh, client_id: DEFAULT_CLIENT_ID }
    });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body).toMatchObject({
      resource_server: 'transfer.api.globus.org',
      scope: TRANSFER_SCOPE,
      other_tokens: []
    });
    expect(refreshed.body.access_token).not.toBe(doc.access_token);
    const ls = await call(sandbox, 'GET', `/v0.10/operation/endpoint/${sandbox.ids.tutorial1}/ls`, {
      token: refreshed.body.access_token as string
    });
    expect(ls.status).toBe(200);

    const revoke = await call(sandbox, 'POST', '/v2/oauth2/token/revoke', {
      form: { token: refresh, client_id: DEFAULT_CLIENT_ID }
    });
    expect(revoke).toMatchObject({ status: 200, body: { active: false } });
    expect(sandbox.state.revokedTokens).toContain(refresh);
    const again = await call(sandbox, 'POST', '/v2/oauth2/token', {
      form: { grant_type: 'refresh_token', refresh_token: refresh, client_id: DEFAULT_CLIENT_ID }
    });
    expect(again.status).toBe(401);
    expect(again.body.error).toBe('invalid_grant');
    // Access tokens of the revoked grant stop working too.
    const after = await call(
      sandbox,
      'GET',
      `/v0.10/operation/endpoint/${sandbox.ids.tutorial1}/ls`,
      {
        token: refreshed.body.access_token as string
      }
    );
    expect(after.status).toBe(401);
  });

  it('an access token stops working after revoke', async () => {
    const token = tokenFor(await login(sandbox, TRANSFER_SCOPE), 'transfer.api.globus.org');
    const path = `/v0.10/endpoint/${sandbox.ids.tutorial1}`;
    expect((await call(sandbox, 'GET', path, { token })).status).toBe(200);
    await call(sandbox, 'POST', '/v2/oauth2/token/revoke', {
      form: { token, client_id: DEFAULT_CLIENT_ID }
    });
    const { status, body } = await call(sandbox, 'GET', path, { token });
    expect(status).toBe(401);
    expect(body.code).toBe('AuthenticationFailed');
  });

  it('introspect reports active tokens with identity_set and session_info, and inactive ones', async () => {
    const token = sandbox.issueTokens({ scopes: [TRANSFER_SCOPE] }).access_token;
    const basic = Buffer.from(`${DEFAULT_CLIENT_ID}:secret`).toString('base64');
    const { status, body } = await call(sandbox, 'POST', '/v2/oauth2/token/introspect', {
      form: { token, include: 'identity_set,session_info' },
      headers: { authorization: `Basic ${basic}` }
    });
    expect(status).toBe(200);
    expect(body).toMatchObject({
      active: true,
      sub: aliceGlobusId.id,
      username: 'alice@globusid.org',
      client_id: DEFAULT_CLIENT_ID
    });
    expect(body.identity_set).toEqual([aliceGlobusId.id, aliceUchicago.id, aliceExample.id]);
    expect(
      Object.keys((body.session_info as { authentications: object }).authentications)
    ).toContain(aliceGlobusId.id);
    const inactive = await call(sandbox, 'POST', '/v2/oauth2/token/introspect', {
      form: { token: 'not-a-token', client_id: DEFAULT_CLIENT_ID }
    });
    expect(inactive.body).toEqual({ active: false });
  });

  it('validate answers active true/false', async () => {
    const token = sandbox.issueTokens({ scopes: [TRANSFER_SCOPE] }).access_token;
    const ok = await call(sandbox, 'POST', '/v2/oauth2/token/validate', {
      form: { token, client_id: DEFAULT_CLIENT_ID }
    });
    expect(ok.body).toEqual({ active: true });
    const bad = await call(sandbox, 'POST', '/v2/oauth2/token/validate', {
      form: { token: 'x', client_id: DEFAULT_CLIENT_ID }
    });
    expect(bad.body).toEqual({ active: false });
  });

  it('userinfo returns the identity and an identity_set across domains', async () => {
    const doc = await login(sandbox, 'openid profile email', { identityId: aliceUchicago.id });
    const { status, body } = await call(sandbox, 'GET', '/v2/oauth2/userinfo', {
      token: doc.access_token as string
    });
    expect(status).toBe(200);
    expect(body).toMatchObject({
      sub: aliceUchicago.id,
      preferred_username: 'alice@uchicago.edu',
      name: 'Alice Liddell'
    });
    const usernames = (body.identity_set as Array<{ username: string }>).map(i => i.username);
    expect(usernames).toEqual(['alice@globusid.org', 'alice@uchicago.edu', 'alice@example.org']);
  });

  it('userinfo answers 401 UNAUTHORIZED without a valid Auth token, and for a Transfer token', async () => {
    const none = await call(sandbox, 'GET', '/v2/oauth2/userinfo');
    expect(none.status).toBe(401);
    expect(none.body).toMatchObject({
      error: 'unauthorized',
      errors: [{ status: '401', code: 'UNAUTHORIZED' }]
    });
    const transfer = sandbox.issueTokens({ scopes: [TRANSFER_SCOPE] }).access_token;
    expect((await call(sandbox, 'GET', '/v2/oauth2/userinfo', { token: transfer })).status).toBe(
      401
    );
  });

  it('userinfo answers 403 FORBIDDEN without the openid scope', async () => {
    const token = sandbox.issueTokens({ scopes: ['profile'] }).access_token;
    const { status, body } = await call(sandbox, 'GET', '/v2/oauth2/userinfo', { token });
    expect(status).toBe(403);
    expect(body.errors).toEqual([expect.objectContaining({ code: 'FORBIDDEN' })]);
  });

  it('identities lookup, OIDC discovery and JWKS', async () => {
    const token = sandbox.issueTokens({ scopes: ['openid'] }).access_token;
    const ids = await call(sandbox, 'GET', `/v2/api/identities?usernames=bob@example.org`, {
      token
    });
    expect(ids.body.identities).toEqual([expect.objectContaining({ id: bob.id, status: 'used' })]);
    const oidc = await call(sandbox, 'GET', '/.well-known/openid-configuration');
    expect(oidc.body).toMatchObject({ issuer: sandbox.url, jwks_uri: `${sandbox.url}/jwk.json` });
    const jwk = await call(sandbox, 'GET', '/jwk.json');
    expect(jwk.body.keys).toEqual([
      expect.objectContaining({ alg: 'RS512', kty: 'RSA', e: 'AQAB' })
    ]);
  });
});

describe('token expiry and sessions', () => {
  it('tokens expire after their lifetime (advanceClock) with 401 AuthenticationFailed', async () => {
    const short = await startSandbox({ accessTokenLifetimeSeconds: 60 });
    try {
      const doc = short.issueTokens({ scopes: [TRANSFER_SCOPE] });
      expect(doc.expires_in).toBe(60);
      const path = `/v0.10/endpoint/${short.ids.tutorial1}`;
      expect((await call(short, 'GET', path, { token: doc.access_token })).status).toBe(200);
      short.advanceClock(61);
      const { status, body } = await call(short, 'GET', path, { token: doc.access_token });
      expect(status).toBe(401);
      expect(body).toMatchObject({ code: 'AuthenticationFailed', message: 'Token is not active' });
    } finally {
      await short.stop();
    }
  });

  it('prompt=login gives the identity a fresh auth time; without it the old one is kept', async () => {
    await login(sandbox, 'openid', { identityId: aliceExample.id });
    const first = sandbox.state.sessions.alice.authentications[aliceExample.id].auth_time;
    sandbox.advanceClock(100);
    await login(sandbox, 'openid', { identityId: aliceExample.id });
    expect(sandbox.state.sessions.alice.authentications[aliceExample.id].auth_time).toBe(first);
    await login(sandbox, 'openid', { identityId: aliceExample.id, extra: { prompt: 'login' } });
    expect(
      sandbox.state.sessions.alice.authentications[aliceExample.id].auth_time
    ).toBeGreaterThanOrEqual(first + 100);
  });

  it('session_required_mfa marks the authentication as MFA', async () => {
    await login(sandbox, 'openid', { identityId: bob.id, extra: { session_required_mfa: 'true' } });
    expect(sandbox.state.sessions.bob.authentications[bob.id].mfa).toBe(true);
  });
});
