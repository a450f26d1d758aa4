/**
 * The Zero-to-JupyterHub values files are documentation that admins copy: every
 * variable they set must exist in the configuration reference, every value must
 * pass the shim's own start-up validation, and the GlobusOAuthenticator hook they
 * carry must produce what the shim imports.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { loadConfig, type ConfigSystem } from '../../server-ts/config';
import { importHubTokens } from '../../server-ts/hub/globus-data';

const ROOT = join(__dirname, '..', '..');
const VALUES = join(ROOT, 'docs', 'zero-to-jupyterhub', 'values.yaml');
const SIDECAR = join(ROOT, 'docs', 'zero-to-jupyterhub', 'values-sidecar.yaml');
const REFERENCE = join(ROOT, 'docs', 'configuration.md');
const GUIDE = join(ROOT, 'docs', 'jupyterhub.md');
const VARIABLE = /^(GLOBUS|JUPYTERHUB)_[A-Z0-9_]+$/;

type Env = Record<string, string>;
type Values = {
  singleuser?: {
    extraEnv?: Record<string, unknown>;
    extraContainers?: Array<{
      name: string;
      command?: string[];
      env?: Array<{ name: string; value?: unknown }>;
    }>;
    extraFiles?: Record<string, { mountPath: string; data?: unknown }>;
  };
  hub?: { extraConfig?: Record<string, string> };
};

function load(path: string): Values {
  return parse(readFileSync(path, 'utf8')) as Values;
}

/** Names in backticks in the first column of the reference's tables. */
function documentedVariables(markdown: string): Set<string> {
  const names = new Set<string>();
  for (const line of markdown.split('\n')) {
    const firstCell = /^\|([^|]*)\|/.exec(line.trim())?.[1] ?? '';
    for (const match of firstCell.matchAll(/`([A-Z][A-Z0-9_]*)`/g)) names.add(match[1]);
  }
  return names;
}

/** `{username}` as KubeSpawner expands it in environment values. */
function expand(value: unknown, username: string): string {
  if (typeof value !== 'string') {
    throw new Error(
      `environment values must be strings in Helm values, got ${JSON.stringify(value)}`
    );
  }
  return value.replace(/\{username\}/g, username);
}

/** The single-user container's environment set by the values (extraEnv). */
function singleUserEnv(values: Values, username: string): Env {
  const env: Env = {};
  for (const [name, value] of Object.entries(values.singleuser?.extraEnv ?? {})) {
    env[name] = expand(value, username);
  }
  return env;
}

/** The shim sidecar's environment (extraContainers[name=globus-jupyterlab-shim].env). */
function sidecarEnv(values: Values, username: string): Env {
  const container = values.singleuser?.extraContainers?.find(
    c => c.name === 'globus-jupyterlab-shim'
  );
  if (!container) throw new Error('values-sidecar.yaml has no globus-jupyterlab-shim container');
  const env: Env = {};
  for (const entry of container.env ?? []) env[entry.name] = expand(entry.value, username);
  return env;
}

/** Variables the hub-side Python in hub.extraConfig puts into spawner.environment. */
function hubHookVariables(values: Values): string[] {
  const names: string[] = [];
  for (const code of Object.values(values.hub?.extraConfig ?? {})) {
    for (const match of code.matchAll(/environment\[\s*["']([A-Z0-9_]+)["']\s*\]\s*=/g))
      names.push(match[1]);
  }
  return names;
}

function every(values: Values): string[] {
  const names = [...Object.keys(values.singleuser?.extraEnv ?? {}), ...hubHookVariables(values)];
  for (const container of values.singleuser?.extraContainers ?? []) {
    for (const entry of container.env ?? []) names.push(entry.name);
  }
  return names.filter(name => VARIABLE.test(name));
}

let home: string;
let system: ConfigSystem;
beforeAll(() => {
  home = mkdtempSync(join(tmpdir(), 'helm-values-'));
  system = { homeDir: home, cwd: home, platform: 'linux' };
});
afterAll(() => rmSync(home, { recursive: true, force: true }));

describe('documentedVariables (the check itself)', () => {
  it('finds names in the first column only', () => {
    const names = documentedVariables(
      '| Variable | Default |\n|---|---|\n| `GLOBUS_A` | `GLOBUS_NOT_A_NAME` |\ntext `GLOBUS_B`\n'
    );
    expect([...names]).toEqual(['GLOBUS_A']);
  });
});

describe.each([
  ['values.yaml', VALUES],
  ['values-sidecar.yaml', SIDECAR]
])('%s', (_name, path) => {
  it('sets only variables that docs/configuration.md documents', () => {
    const documented = documentedVariables(readFileSync(REFERENCE, 'utf8'));
    const used = every(load(path));
    expect(used.length).toBeGreaterThan(3);
    expect(used.filter(name => !documented.has(name))).toEqual([]);
  });
});

describe('values.yaml (image with node)', () => {
  const values = load(VALUES);

  it("passes the shim's configuration validator, as the spawner would start it", () => {
    // The spawner adds the hub's own variables; the values add the site's.
    const env = {
      JUPYTERHUB_USER: 'alice',
      JUPYTERHUB_API_TOKEN: 'server-token',
      ...singleUserEnv(values, 'alice')
    };
    const config = loadConfig(env, system);
    expect(config.hub).toEqual({ user: 'alice', apiToken: 'server-token' });
    expect(config.manualCopyCode).toBe(true);
    expect(config.collectionId).toBe('1346ef68-d9b8-4757-a537-47cefb7698e8');
    expect(config.hostPosixBasepath).toBe('/home/jovyan');
    expect(config.hostCollectionBasepath).toBe('/alice');
    // Tokens on the private in-memory volume, not in the NFS home.
    expect(config.tokenStoragePath).toBe('/var/run/globus-jupyterlab/tokens.json');
    const mounts = (
      values.singleuser as { storage: { extraVolumeMounts: Array<{ mountPath: string }> } }
    ).storage.extraVolumeMounts;
    expect(mounts.map(m => m.mountPath)).toContain('/var/run/globus-jupyterlab');
  });

  it('carries a GLOBUS_TOKENS_JSON hook whose output the shim imports', () => {
    const hook = Object.values(values.hub?.extraConfig ?? {}).find(code =>
      code.includes('auth_state_hook')
    );
    expect(hook).toBeDefined();
    const env = runHubHook(hook as string);
    expect(env.GLOBUS_DATA).toBeUndefined();
    const imported = importHubTokens(env, 1_700_000_000);
    expect(imported.notices.filter(n => n.level !== 'info')).toEqual([]);
    expect(imported.tokens['transfer.api.globus.org']).toMatchObject({
      access_token: 'hub-transfer-at',
      refresh_token: null,
      expires_at_seconds: 1_800_000_000
    });
  });
});

describe('hub/globus_tokens_json.py (the hook as a file to import)', () => {
  it('produces what the shim imports', () => {
    const code = readFileSync(join(ROOT, 'hub', 'globus_tokens_json.py'), 'utf8');
    const env = runHubHook(`${code}\nc.Spawner.auth_state_hook = globus_tokens_json\n`);
    expect(env.GLOBUS_DATA).toBeUndefined();
    expect(
      importHubTokens(env, 1_700_000_000).tokens['transfer.api.globus.org'].refresh_token
    ).toBeNull();
  });
});

describe('docs/jupyterhub.md', () => {
  it('shows the same hook, and it works', () => {
    const guide = readFileSync(GUIDE, 'utf8');
    const block = [...guide.matchAll(/```python\n([\s\S]*?)```/g)]
      .map(m => m[1])
      .find(code => code.includes('auth_state_hook'));
    expect(block).toBeDefined();
    const env = runHubHook(block as string);
    expect(Object.keys(importHubTokens(env, 1_700_000_000).tokens)).toEqual([
      'transfer.api.globus.org'
    ]);
  });
});

describe('values-sidecar.yaml (image without node)', () => {
  const values = load(SIDECAR);

  it("passes the shim's configuration validator and selects the copy-code login", () => {
    const config = loadConfig(sidecarEnv(values, 'alice'), system);
    // No JUPYTERHUB_API_TOKEN reaches a sidecar: copy-code comes from GLOBUS_REDIRECT_URI.
    expect(config.hub).toBeNull();
    expect(config.manualCopyCode).toBe(true);
    expect(config.collectionBasePath).toBe('/home/jovyan');
    expect(config.hostCollectionBasepath).toBe('/alice');
    expect(config.tokenStoragePath).toBe('/var/lib/globus-jupyterlab/tokens.json');
  });

  it('proxies to the socket the sidecar listens on, as an unmanaged server', () => {
    const shim = values.singleuser?.extraContainers?.find(c => c.name === 'globus-jupyterlab-shim');
    const socket = shim?.command?.[shim.command.indexOf('--unix-socket') + 1];
    const file = Object.values(values.singleuser?.extraFiles ?? {}).find(f =>
      // Not a jupyter_server_config.d/ file: jupyter_server reads those only for extensions.
      f.mountPath.endsWith('/etc/jupyter/jupyter_server_config.json')
    );
    const entry = (
      file?.data as { ServerProxy: { servers: Record<string, Record<string, unknown>> } }
    ).ServerProxy.servers['globus-jupyterlab'];
    expect(entry.command).toBeUndefined();
    expect(entry.unix_socket).toBe(socket);
    expect(socket).toMatch(/^\/var\/run\/globus-jupyterlab\//);
  });
});

/**
 * Run a hub-side hook the way JupyterHub would (`c.Spawner.auth_state_hook(spawner, auth_state)`)
 * with Debian's Python, and return the environment it leaves on the spawner.
 */
function runHubHook(code: string): Env {
  const driver = `
import json, sys
class Config:
    def __getattr__(self, name):
        value = Config(); setattr(self, name, value); return value
class Spawner:
    environment = {"GLOBUS_DATA": "gASV..."}
c = Config()
exec(sys.stdin.read(), {"c": c})
auth_state = {"client_id": "hub", "tokens": {"transfer.api.globus.org": {
    "access_token": "hub-transfer-at", "refresh_token": "hub-transfer-rt",
    "expires_at_seconds": 1800000000, "scope": "urn:globus:auth:scope:transfer.api.globus.org:all",
    "token_type": "Bearer", "resource_server": "transfer.api.globus.org"}}}
spawner = Spawner()
c.Spawner.auth_state_hook(spawner, auth_state)
print(json.dumps(spawner.environment))
`;
  const out = execFileSync('/usr/bin/python3', ['-c', driver], { input: code, encoding: 'utf8' });
  return JSON.parse(out) as Env;
}
