/**
 * Every configuration variable: names and defaults of the seed's Config Reference, the
 * shim's own, the hub detection, Globus Connect Personal detection on Linux, macOS and
 * Windows (globus-api.md §3), and the invalid values that stop the shim at start.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, loadConfig, type ShimConfig } from '../../server-ts/config';
import { decodeIdentityCn, detectLocalGcp, parseGridmapOwner } from '../../server-ts/gcp';
import { removeTempDirs, tempDir } from './support';

const GCP_ID = 'b2e0f1d2-1111-4c0f-9a11-000000000abc';
const COLLECTION = 'c3c3c3c3-2222-4c0f-9a11-000000000def';
const LOCAL_ENDPOINT = 'd4d4d4d4-3333-4c0f-9a11-000000000123';
let home: string;

beforeEach(async () => {
  home = await tempDir('shim-config-');
});

const load = (env: Record<string, string>, platform: NodeJS.Platform = 'linux'): ShimConfig =>
  loadConfig(env, { homeDir: home, cwd: '/work/notebooks', platform });

function problemsOf(env: Record<string, string>): string[] {
  try {
    load(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems.map(p => p.variable);
  }
  throw new Error(`expected ${JSON.stringify(env)} to be refused`);
}

function installGcp(dataDir: string, cnLine?: string): void {
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(join(dataDir, 'client-id.txt'), `${GCP_ID}\n`);
  if (cnLine) writeFileSync(join(dataDir, 'gridmap'), `${cnLine}\n`);
}

describe('defaults (the original’s)', () => {
  it('has the seed’s defaults when nothing is set', () => {
    const config = load({});
    expect(config).toMatchObject({
      refreshTokens: false,
      tokenStoragePath: join(home, '.globus_jupyterlab_tokens.json'),
      namedGrant: 'Globus JupyterLab',
      clientId: '64d2d5b3-b77e-4e04-86d9-e3f143f563f7',
      redirectUri: null,
      manualCopyCode: false,
      collectionId: null,
      collectionBasePath: '/work/notebooks',
      hostPosixBasepath: null,
      hostCollectionBasepath: null,
      transferSubmission: null,
      hub: null,
      gcp: null,
      authBaseUrl: 'https://auth.globus.org',
      transferBaseUrl: 'https://transfer.api.globus.org',
      serverToken: null,
      publicPrefix: null,
      logLevel: 'info'
    });
  });
});

describe('each variable', () => {
  it('reads GLOBUS_REFRESH_TOKENS, GLOBUS_NAMED_GRANT, GLOBUS_CLIENT_ID, GLOBUS_REDIRECT_URI', () => {
    const config = load({
      GLOBUS_REFRESH_TOKENS: 'true',
      GLOBUS_NAMED_GRANT: 'My Lab',
      GLOBUS_CLIENT_ID: '11111111-2222-4333-8444-555555555555',
      GLOBUS_REDIRECT_URI: 'https://hub.example.org/globus-jupyterlab/oauth_callback'
    });
    expect(config.refreshTokens).toBe(true);
    expect(config.namedGrant).toBe('My Lab');
    expect(config.clientId).toBe('11111111-2222-4333-8444-555555555555');
    expect(config.redirectUri).toBe('https://hub.example.org/globus-jupyterlab/oauth_callback');
    expect(load({ GLOBUS_REFRESH_TOKENS: 'false' }).refreshTokens).toBe(false);
  });

  it('expands ~ in GLOBUS_TOKEN_STORAGE_PATH', () => {
    expect(load({ GLOBUS_TOKEN_STORAGE_PATH: '~/secrets/t.json' }).tokenStoragePath).toBe(
      join(home, 'secrets/t.json')
    );
    expect(load({ GLOBUS_TOKEN_STORAGE_PATH: '/var/tokens/t.json' }).tokenStoragePath).toBe(
      '/var/tokens/t.json'
    );
  });

  it('reads the collection and path translation variables', () => {
    const config = load({
      GLOBUS_COLLECTION_ID: COLLECTION.toUpperCase(),
      GLOBUS_COLLECTION_PATH: '/home/jovyan',
      GLOBUS_HOST_POSIX_BASEPATH: '/home/jovyan/',
      GLOBUS_HOST_COLLECTION_BASEPATH: '/shared'
    });
    expect(config.collectionId).toBe(COLLECTION);
    expect(config.collectionIdSource).toBe('GLOBUS_COLLECTION_ID');
    expect(config.collectionBasePath).toBe('/home/jovyan');
    expect(config.hostPosixBasepath).toBe('/home/jovyan');
    expect(config.hostCollectionBasepath).toBe('/shared');
    // Blank means unset, as in the original ("By default when blank or unset…").
    expect(load({ GLOBUS_HOST_POSIX_BASEPATH: '' }).hostPosixBasepath).toBeNull();
  });

  it('reads the custom submission variables', () => {
    const config = load({
      GLOBUS_TRANSFER_SUBMISSION_URL: 'https://service.example.org/submit',
      GLOBUS_TRANSFER_SUBMISSION_SCOPE: 'https://auth.globus.org/scopes/abc/submit',
      GLOBUS_TRANSFER_SUBMISSION_IS_HUB_SERVICE: 'true',
      JUPYTERHUB_USER: 'alice',
      JUPYTERHUB_API_TOKEN: 'hub-token'
    });
    expect(config.transferSubmission).toEqual({
      url: 'https://service.example.org/submit',
      scope: 'https://auth.globus.org/scopes/abc/submit',
      isHubService: true
    });
  });

  it('reads the shim’s own variables', () => {
    const config = load({
      GLOBUS_SDK_SERVICE_URL_AUTH: 'http://127.0.0.1:5000/',
      GLOBUS_SDK_SERVICE_URL_TRANSFER: 'http://127.0.0.1:5001',
      GLOBUS_JUPYTERLAB_SERVER_TOKEN: 's3cret',
      GLOBUS_JUPYTERLAB_PUBLIC_PREFIX: '/user/alice/globus-jupyterlab/',
      GLOBUS_JUPYTERLAB_LOG_LEVEL: 'debug'
    });
    expect(config.authBaseUrl).toBe('http://127.0.0.1:5000');
    expect(config.transferBaseUrl).toBe('http://127.0.0.1:5001');
    expect(config.serverToken).toBe('s3cret');
    expect(config.publicPrefix).toBe('/user/alice/globus-jupyterlab/');
    expect(config.logLevel).toBe('debug');
  });
});

describe('JupyterHub', () => {
  it('is a hub only with both JUPYTERHUB_USER and JUPYTERHUB_API_TOKEN; then the copy-code login', () => {
    expect(load({ JUPYTERHUB_USER: 'alice' }).hub).toBeNull();
    expect(load({ JUPYTERHUB_API_TOKEN: 't' }).hub).toBeNull();
    const hub = load({ JUPYTERHUB_USER: 'alice', JUPYTERHUB_API_TOKEN: 't' });
    expect(hub.hub).toEqual({ user: 'alice', apiToken: 't' });
    expect(hub.manualCopyCode).toBe(true);
    const redirected = load({
      JUPYTERHUB_USER: 'alice',
      JUPYTERHUB_API_TOKEN: 't',
      GLOBUS_REDIRECT_URI: 'https://hub.example.org/cb'
    });
    expect(redirected.manualCopyCode).toBe(false);
  });
});

describe('collection detection order', () => {
  it('GLOBUS_COLLECTION_ID, then a local Globus Connect Personal, then GLOBUS_LOCAL_ENDPOINT', () => {
    expect(load({ GLOBUS_LOCAL_ENDPOINT: LOCAL_ENDPOINT })).toMatchObject({
      collectionId: LOCAL_ENDPOINT,
      collectionIdSource: 'GLOBUS_LOCAL_ENDPOINT'
    });
    installGcp(join(home, '.globusonline', 'lta'));
    expect(load({ GLOBUS_LOCAL_ENDPOINT: LOCAL_ENDPOINT })).toMatchObject({
      collectionId: GCP_ID,
      collectionIdSource: 'globus-connect-personal'
    });
    expect(
      load({ GLOBUS_LOCAL_ENDPOINT: LOCAL_ENDPOINT, GLOBUS_COLLECTION_ID: COLLECTION })
    ).toMatchObject({ collectionId: COLLECTION, collectionIdSource: 'GLOBUS_COLLECTION_ID' });
  });
});

describe('Globus Connect Personal detection (globus-api.md §3)', () => {
  const idLine =
    '"/C=US/O=Globus Consortium/OU=Globus Connect User/CN=u_vy2bvggsoqi6loei3oxdvc5fiu" sirosen';
  const nameLine = '"/C=US/O=Globus Consortium/OU=Globus Connect User/CN=globus" globus';

  it('reads client-id.txt and the gridmap owner on Linux and macOS (~/.globusonline/lta)', () => {
    installGcp(join(home, '.globusonline', 'lta'), idLine);
    for (const platform of ['linux', 'darwin'] as const) {
      const gcp = detectLocalGcp({ platform, homeDir: home });
      expect(gcp).toMatchObject({
        endpointId: GCP_ID,
        owner: { id: 'ae341a98-d274-11e5-b888-dbae3a8ba545', username: null }
      });
    }
  });

  it('reads %LOCALAPPDATA%\\Globus Connect on Windows (no lta folder)', () => {
    const appData = join(home, 'AppData', 'Local');
    installGcp(join(appData, 'Globus Connect'), nameLine);
    const gcp = detectLocalGcp({ platform: 'win32', homeDir: home, localAppData: appData });
    expect(gcp).toMatchObject({
      endpointId: GCP_ID,
      owner: { id: null, username: 'globus@globusid.org' }
    });
    expect(detectLocalGcp({ platform: 'win32', homeDir: home })).toBeNull();
  });

  it('feeds /config: is_gcp and collection_id_owner', () => {
    installGcp(join(home, '.globusonline', 'lta'), idLine);
    const config = load({});
    expect(config.collectionId).toBe(GCP_ID);
    expect(config.gcp?.owner?.id).toBe('ae341a98-d274-11e5-b888-dbae3a8ba545');
  });

  it('parses gridmap lines as the SDK does', () => {
    expect(parseGridmapOwner(`# comment\n${nameLine}\n`)).toEqual({
      id: null,
      username: 'globus@globusid.org'
    });
    expect(parseGridmapOwner('"/C=US/O=Other/CN=x" y')).toBeNull();
    expect(parseGridmapOwner(`${idLine} extra`)).toBeNull();
    // Looks like u_… but is not valid base32: a Globus ID username after all.
    expect(decodeIdentityCn('u_11111111111111111111111111')).toBeNull();
  });
});

describe('invalid values stop the shim, naming the variable', () => {
  it.each([
    [{ GLOBUS_REFRESH_TOKENS: 'yes' }, 'GLOBUS_REFRESH_TOKENS'],
    [
      { GLOBUS_TRANSFER_SUBMISSION_IS_HUB_SERVICE: '1' },
      'GLOBUS_TRANSFER_SUBMISSION_IS_HUB_SERVICE'
    ],
    [
      { GLOBUS_TRANSFER_SUBMISSION_SCOPE: 'https://auth.globus.org/scopes/abc/submit' },
      'GLOBUS_TRANSFER_SUBMISSION_SCOPE'
    ],
    [
      { GLOBUS_TRANSFER_SUBMISSION_URL: 'https://service.example.org/submit' },
      'GLOBUS_TRANSFER_SUBMISSION_URL'
    ],
    [
      { GLOBUS_TRANSFER_SUBMISSION_URL: 'not a url', GLOBUS_TRANSFER_SUBMISSION_SCOPE: 's' },
      'GLOBUS_TRANSFER_SUBMISSION_URL'
    ],
    [
      {
        GLOBUS_TRANSFER_SUBMISSION_URL: 'https://s.example.org',
        GLOBUS_TRANSFER_SUBMISSION_SCOPE: 's',
        GLOBUS_TRANSFER_SUBMISSION_IS_HUB_SERVICE: 'true'
      },
      'GLOBUS_TRANSFER_SUBMISSION_IS_HUB_SERVICE'
    ],
    [{ GLOBUS_TOKEN_STORAGE_PATH: 'relative/tokens.json' }, 'GLOBUS_TOKEN_STORAGE_PATH'],
    [{ GLOBUS_TOKEN_STORAGE_PATH: '/tmp/folder/' }, 'GLOBUS_TOKEN_STORAGE_PATH'],
    [{ GLOBUS_COLLECTION_ID: 'my-laptop' }, 'GLOBUS_COLLECTION_ID'],
    [{ GLOBUS_LOCAL_ENDPOINT: 'x' }, 'GLOBUS_LOCAL_ENDPOINT'],
    [{ GLOBUS_CLIENT_ID: 'app' }, 'GLOBUS_CLIENT_ID'],
    [{ GLOBUS_REDIRECT_URI: 'ftp://x' }, 'GLOBUS_REDIRECT_URI'],
    [{ GLOBUS_HOST_POSIX_BASEPATH: 'home/jovyan' }, 'GLOBUS_HOST_POSIX_BASEPATH'],
    [{ GLOBUS_HOST_COLLECTION_BASEPATH: 'shared' }, 'GLOBUS_HOST_COLLECTION_BASEPATH'],
    [{ GLOBUS_SDK_SERVICE_URL_AUTH: 'auth.globus.org' }, 'GLOBUS_SDK_SERVICE_URL_AUTH'],
    [{ GLOBUS_SDK_SERVICE_URL_TRANSFER: 'nope' }, 'GLOBUS_SDK_SERVICE_URL_TRANSFER'],
    [{ GLOBUS_JUPYTERLAB_LOG_LEVEL: 'loud' }, 'GLOBUS_JUPYTERLAB_LOG_LEVEL']
  ])('%j → %s', (env, variable) => {
    expect(problemsOf(env)).toContain(variable);
  });

  it('refuses a token path that is an existing folder', () => {
    mkdirSync(join(home, 'folder'));
    expect(problemsOf({ GLOBUS_TOKEN_STORAGE_PATH: join(home, 'folder') })).toEqual([
      'GLOBUS_TOKEN_STORAGE_PATH'
    ]);
  });

  it('names every bad variable at once', () => {
    expect(problemsOf({ GLOBUS_REFRESH_TOKENS: 'TRUE', GLOBUS_CLIENT_ID: 'x' }).sort()).toEqual([
      'GLOBUS_CLIENT_ID',
      'GLOBUS_REFRESH_TOKENS'
    ]);
  });
});

afterAll(removeTempDirs);
