/**
 * The token file and the token lifecycle: the globus-sdk format (a file the Python
 * extension wrote keeps the user logged in), 0600 and atomic writes, a corrupt file moved
 * aside, expired tokens dropped, and refresh — one at a time however many requests wait.
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Sandbox } from '../../sandbox';
import type { GlobusErrorBody } from '../../src/api/types';
import { parseTokenFile } from '../../server-ts/token-file';
import { writePythonTokenFile } from './python-token-file';
import { SANDBOX_IDS, startShim, removeTempDirs, tempDir, usingShim, withSandbox } from './support';

const TRANSFER_RS = 'transfer.api.globus.org';
const TRANSFER = 'urn:globus:auth:scope:transfer.api.globus.org:all';
let sandbox: Sandbox;

beforeEach(async () => {
  sandbox = await withSandbox();
});
afterEach(async () => sandbox.stop());

const transferAccessTokens = () =>
  sandbox.state.issuedTokens.filter(t => t.kind === 'access' && t.resource_server === TRANSFER_RS);
const readFile = (path: string) => JSON.parse(readFileSync(path, 'utf8'));
const ls = `/operation_ls?endpoint=${SANDBOX_IDS.tutorial1}&path=/share/godata`;

describe('the token file', () => {
  it('reads a file the Python extension wrote (globus-sdk SimpleJSONFileAdapter 1.0)', async () => {
    const home = await tempDir();
    const issued = sandbox.issueTokens({ scopes: [TRANSFER, 'openid', 'profile'] });
    writePythonTokenFile(join(home, '.globus_jupyterlab_tokens.json'), issued, '3.10.1');
    await usingShim({ sandbox, home }, async shim => {
      expect(shim.config.tokenStoragePath).toBe(join(home, '.globus_jupyterlab_tokens.json'));
      expect((await shim.json('/config')).body.is_logged_in).toBe(true);
      expect((await shim.json(ls)).status).toBe(200);
    });
  });

  it('is written 0600, atomically (a new inode by rename, no temporary file left)', async () => {
    const home = await tempDir();
    const previous = process.umask(0o000);
    const shim = await startShim({
      sandbox,
      home,
      env: { GLOBUS_TOKEN_STORAGE_PATH: join(home, 'private', 'tokens.json') }
    });
    try {
      await shim.login();
      const path = shim.config.tokenStoragePath;
      const first = statSync(path);
      expect(first.mode & 0o777).toBe(0o600);
      await shim.login();
      const second = statSync(path);
      expect(second.mode & 0o777).toBe(0o600);
      expect(second.ino).not.toBe(first.ino);
      expect(readdirSync(dirname(path))).toEqual([basename(path)]);
      expect(parseTokenFile(readFileSync(path, 'utf8')).ok).toBe(true);
    } finally {
      process.umask(previous);
      await shim.close();
    }
  });

  it('moves a corrupt file aside with a warning and never overwrites it', async () => {
    const home = await tempDir();
    const path = join(home, '.globus_jupyterlab_tokens.json');
    for (const garbage of ['{"by_rs": {', '{"format_version": "9.9", "by_rs": {}}', '[1,2]']) {
      writeFileSync(path, garbage);
      const shim = await startShim({ sandbox, home });
      try {
        expect((await shim.json('/config')).body.is_logged_in).toBe(false);
        const aside = readdirSync(home).filter(name => name.includes('.corrupt-'));
        expect(aside.length).toBeGreaterThan(0);
        const kept = aside.map(name => readFileSync(join(home, name), 'utf8'));
        expect(kept).toContain(garbage);
        expect(shim.log.text()).toContain('could not be read');
        expect(shim.log.text()).toContain('moved to');
        await shim.login();
        expect(readFile(path).format_version).toBe('1.0');
      } finally {
        await shim.close();
      }
    }
  });
});

describe('expiry and refresh', () => {
  it('drops an expired token without refresh tokens: login required, Globus not called', async () => {
    const shim = await startShim({ sandbox });
    try {
      await shim.login();
      shim.advanceClock(49 * 3600);
      expect((await shim.json('/config')).body.is_logged_in).toBe(false);
      const { status, body } = await shim.json<GlobusErrorBody>(ls);
      expect(status).toBe(401);
      expect(body.kind).toBe('login_required');
      expect(body.error).toBe('LoginRequired');
      expect(readFile(shim.config.tokenStoragePath).by_rs[TRANSFER_RS]).toBeUndefined();
    } finally {
      await shim.close();
    }
  });

  it('refreshes once for many waiting requests and keeps the refresh token', async () => {
    await usingShim({ sandbox, env: { GLOBUS_REFRESH_TOKENS: 'true' } }, async shim => {
      await shim.login();
      const before = readFile(shim.config.tokenStoragePath).by_rs[TRANSFER_RS];
      expect(before.refresh_token).toEqual(expect.any(String));
      expect(transferAccessTokens()).toHaveLength(1);
      shim.advanceClock(49 * 3600);
      sandbox.advanceClock(49 * 3600);
      const answers = await Promise.all(Array.from({ length: 20 }, () => shim.json(ls)));
      expect(answers.map(a => a.status)).toEqual(Array(20).fill(200));
      expect(transferAccessTokens()).toHaveLength(2);
      const after = readFile(shim.config.tokenStoragePath).by_rs[TRANSFER_RS];
      expect(after.access_token).not.toBe(before.access_token);
      expect(after.access_token).toBe(transferAccessTokens()[1].token);
      expect(after.refresh_token).toBe(before.refresh_token);
      expect(after.expires_at_seconds).toBeGreaterThan(before.expires_at_seconds);
    });
  });

  it('refreshes when Globus refuses a token the shim still thought valid', async () => {
    await usingShim({ sandbox, env: { GLOBUS_REFRESH_TOKENS: 'true' } }, async shim => {
      await shim.login();
      sandbox.advanceClock(49 * 3600);
      const answers = await Promise.all(Array.from({ length: 5 }, () => shim.json(ls)));
      expect(answers.map(a => a.status)).toEqual(Array(5).fill(200));
      expect(transferAccessTokens()).toHaveLength(2);
    });
  });

  it('asks for a login when the refresh token was revoked', async () => {
    await usingShim({ sandbox, env: { GLOBUS_REFRESH_TOKENS: 'true' } }, async shim => {
      await shim.login();
      const refresh = readFile(shim.config.tokenStoragePath).by_rs[TRANSFER_RS].refresh_token;
      const revoked = await fetch(`${sandbox.url}/v2/oauth2/token/revoke`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ token: refresh, client_id: sandbox.clientId })
      });
      expect(revoked.status).toBe(200);
      shim.advanceClock(49 * 3600);
      const { status, body } = await shim.json<GlobusErrorBody>(ls);
      expect(status).toBe(401);
      expect(body.kind).toBe('login_required');
      expect((await shim.json('/config')).body.is_logged_in).toBe(false);
      expect(shim.log.text()).toContain('login required');
    });
  });
});

afterAll(removeTempDirs);
