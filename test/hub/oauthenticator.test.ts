/**
 * A single-user server started by a hub that logs in with GlobusOAuthenticator:
 * the real shim (in-process, over HTTP) against the Globus sandbox, with the
 * environment the authenticator plus the documented hook hand it.
 */
import { importHubTokens } from '../../server-ts/hub/globus-data';
import { startShim, withSandbox, type Shim } from '../server/support';
import type { Sandbox } from '../../sandbox';

const TRANSFER_SCOPE = 'urn:globus:auth:scope:transfer.api.globus.org:all';
/** What GlobusOAuthenticator's pre_spawn_start sets: a pickle we must never load. */
const PICKLE = 'gASVEAAAAAAAAAB9lIwGdG9rZW5zlH2Ucy4=';

let sandbox: Sandbox;
const shims: Shim[] = [];

beforeAll(async () => {
  sandbox = await withSandbox();
});
afterAll(async () => {
  for (const shim of shims) await shim.close();
  await sandbox.stop();
});

/** The hook's output for a hub login: by_resource_server without auth.globus.org, no refresh token. */
function hubTokensJson(): string {
  const response = sandbox.issueTokens({ scopes: [TRANSFER_SCOPE], refresh: true });
  const expiresAt = Math.floor(Date.now() / 1000) + response.expires_in;
  return Buffer.from(
    JSON.stringify({
      [response.resource_server]: {
        access_token: response.access_token,
        refresh_token: null,
        expires_at_seconds: expiresAt,
        scope: response.scope,
        token_type: 'Bearer',
        resource_server: response.resource_server
      }
    })
  ).toString('base64');
}

async function hubShim(env: Record<string, string>): Promise<Shim> {
  const fullEnv = { JUPYTERHUB_USER: 'alice', JUPYTERHUB_API_TOKEN: 'server-token', ...env };
  const shim = await startShim({
    sandbox,
    env: fullEnv,
    deps: { hubTokens: importHubTokens(fullEnv) }
  });
  shims.push(shim);
  return shim;
}

describe('a hub that logs users in with GlobusOAuthenticator', () => {
  it('uses GLOBUS_LOCAL_ENDPOINT as the collection and says once that GLOBUS_DATA is unused', async () => {
    const shim = await hubShim({ GLOBUS_LOCAL_ENDPOINT: sandbox.ids.guest, GLOBUS_DATA: PICKLE });
    const config = await shim.json<Record<string, unknown>>('/config');
    expect(config.body).toMatchObject({
      collection_id: sandbox.ids.guest,
      is_hub: true,
      is_manual_copy_code_required: true,
      is_logged_in: false
    });
    const warnings = shim.log.lines.filter(line => line.includes('GLOBUS_DATA is set but unused'));
    expect(warnings).toHaveLength(1);
    expect(JSON.parse(warnings[0]).level).toBe(40); // pino's warn
  });

  it('GLOBUS_COLLECTION_ID still wins over GLOBUS_LOCAL_ENDPOINT', async () => {
    const shim = await hubShim({
      GLOBUS_COLLECTION_ID: sandbox.ids.mapped,
      GLOBUS_LOCAL_ENDPOINT: sandbox.ids.guest
    });
    expect((await shim.json('/config')).body.collection_id).toBe(sandbox.ids.mapped);
  });

  it('with the JSON hook, the user is logged in to Transfer from the start and can list a collection', async () => {
    const shim = await hubShim({
      GLOBUS_LOCAL_ENDPOINT: sandbox.ids.guest,
      GLOBUS_DATA: PICKLE,
      GLOBUS_TOKENS_JSON: hubTokensJson()
    });
    expect((await shim.json('/config')).body.is_logged_in).toBe(true);
    const ls = await shim.json<{ DATA_TYPE: string; DATA: unknown[] }>(
      `/operation_ls?endpoint=${sandbox.ids.tutorial1}&path=/~/`
    );
    expect(ls.status).toBe(200);
    expect(ls.body.DATA_TYPE).toBe('file_list');
    expect(shim.log.text()).toMatch(/using GLOBUS_TOKENS_JSON instead/);
    expect(shim.log.text()).toMatch(/imported hub tokens for transfer\.api\.globus\.org/);
  });

  it("the user's own token file wins over the hub's tokens", async () => {
    const first = await hubShim({});
    await first.login({ identityId: sandbox.identities[1].id });
    const own = (await first.json<{ preferred_username: string }>('/whoami')).body;
    // Same home (same token file), now with hub tokens of another login in the environment.
    const fullEnv = { JUPYTERHUB_USER: 'alice', JUPYTERHUB_API_TOKEN: 'server-token' };
    const second = await startShim({
      sandbox,
      home: first.home,
      env: { ...fullEnv, GLOBUS_TOKENS_JSON: hubTokensJson() },
      deps: { hubTokens: importHubTokens({ GLOBUS_TOKENS_JSON: hubTokensJson() }) }
    });
    shims.push(second);
    const whoami = await second.json<{ preferred_username: string }>('/whoami');
    expect(whoami.body.preferred_username).toBe(own.preferred_username);
    expect(second.log.text()).toMatch(/imported hub tokens/);
  });
});
