/**
 * One real JupyterHub for the hub e2e suite: Debian's jupyterhub 3.0 with
 * configurable-http-proxy, hub/jupyterhub_config.py (DummyAuthenticator,
 * SimpleLocalProcessSpawner, the example submission service), the Globus
 * sandbox in this process standing in for Globus, and this extension installed
 * by the project's installer into a fresh prefix. Everything binds 127.0.0.1.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  createWriteStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../../harness/start';
import { startSandbox, type Sandbox } from '../../../sandbox';
import { CHROMIUM } from '../../support/chromium';
import { installInto, missingBuildOutputs } from '../../e2e/support/artifacts';

export const REPO = join(__dirname, '..', '..', '..');
export const OUTPUT = join(REPO, 'test-output', 'hub');

/** What the suite needs on the machine, with how to get each (the build outputs: artifacts.ts). */
const SYSTEM_REQUIREMENTS: Array<[path: string, remedy: string]> = [
  [
    '/usr/bin/jupyterhub',
    'apt-get install -y --no-install-recommends jupyterhub (scripts/setup-system.sh)'
  ],
  ['/usr/bin/configurable-http-proxy', 'apt-get install -y --no-install-recommends jupyterhub'],
  [CHROMIUM, 'apt-get install -y --no-install-recommends chromium']
];

export function missingRequirements(): string[] {
  return [
    ...SYSTEM_REQUIREMENTS.filter(([path]) => !existsSync(path)).map(
      ([path, remedy]) => `${path} is missing: ${remedy}`
    ),
    ...missingBuildOutputs().map(({ file, command }) => `${file} is missing: ${command}`)
  ];
}

export interface HubOptions {
  users: string[];
  /** Users whose shim submits transfers through the hub service. */
  submissionUsers: string[];
  /**
   * Users who log in "with GlobusOAuthenticator": the hub keeps this auth_state and hands it
   * over as the authenticator does (GLOBUS_DATA pickle, GLOBUS_LOCAL_ENDPOINT). Built from the
   * sandbox once it runs.
   */
  authStates?: (sandbox: Sandbox) => Record<string, unknown>;
  /** Of those, the users whose spawn also runs the documented GLOBUS_TOKENS_JSON hook. */
  tokensJsonUsers?: string[];
}

export interface HubRun {
  url: string;
  hubApiUrl: string;
  password: string;
  runDir: string;
  /** `<run>/home`: the users' homes, and the root of the sandbox's GCP collection. */
  homes: string;
  sandbox: Sandbox;
  /** The token file the hub config gives each user (GLOBUS_TOKEN_STORAGE_PATH). */
  tokenFile(user: string): string;
  /** Whether the hub's log (hub, proxy, service, servers, shims) shows `text` within a few seconds. */
  logContains(text: string): Promise<boolean>;
  /** The hub's log so far. */
  log(): string;
  stop(): Promise<void>;
}

/** Polls `probe` (its errors mean "not yet") until it holds; fails at once if the hub exits. */
async function waitFor(
  what: string,
  timeoutMs: number,
  hub: ChildProcess,
  probe: () => Promise<boolean>
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (hub.exitCode !== null || hub.signalCode !== null) {
      throw new Error(
        `jupyterhub exited (${hub.exitCode ?? hub.signalCode}) while waiting for ${what}; see ${OUTPUT}/jupyterhub.log`
      );
    }
    if (await probe().catch(() => false)) return;
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise(resolve => setTimeout(resolve, 200));
  }
}

function exited(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise(resolve => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

export async function startHub(options: HubOptions): Promise<HubRun> {
  const missing = missingRequirements();
  if (missing.length) throw new Error(`The hub e2e suite cannot run:\n  ${missing.join('\n  ')}`);

  mkdirSync(OUTPUT, { recursive: true });
  const runDir = mkdtempSync(join(tmpdir(), 'hub-e2e-'));
  const homes = join(runDir, 'home');
  const prefix = join(runDir, 'prefix');
  for (const user of options.users) mkdirSync(join(homes, user), { recursive: true });

  // The same install a site does, into a prefix of our own.
  installInto(prefix);

  const sandbox = await startSandbox({ gcpRoot: homes, quiet: true });
  const [port, hubPort, proxyApiPort, servicePort] = [
    await freePort(),
    await freePort(),
    await freePort(),
    await freePort()
  ];
  const password = randomBytes(12).toString('hex');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HUB_E2E_RUN_DIR: runDir,
    HUB_E2E_PREFIX: prefix,
    HUB_E2E_PORT: String(port),
    HUB_E2E_HUB_PORT: String(hubPort),
    HUB_E2E_PROXY_API_PORT: String(proxyApiPort),
    HUB_E2E_SERVICE_PORT: String(servicePort),
    HUB_E2E_PASSWORD: password,
    HUB_E2E_USERS: options.users.join(','),
    HUB_E2E_SUBMISSION_USERS: options.submissionUsers.join(','),
    HUB_E2E_COLLECTION_ID: sandbox.ids.gcp,
    HUB_E2E_AUTH_STATE: JSON.stringify(options.authStates?.(sandbox) ?? {}),
    HUB_E2E_TOKENS_JSON_USERS: (options.tokensJsonUsers ?? []).join(','),
    JUPYTERHUB_CRYPT_KEY: randomBytes(32).toString('hex'),
    CONFIGPROXY_AUTH_TOKEN: randomBytes(16).toString('hex'),
    GLOBUS_SDK_SERVICE_URL_AUTH: sandbox.url,
    GLOBUS_SDK_SERVICE_URL_TRANSFER: sandbox.url
  };
  const logPath = join(OUTPUT, 'jupyterhub.log');
  const log = createWriteStream(logPath);
  // Its own process group: the hub, its proxy, the service and every user's
  // server and shim can be stopped together if the hub's own cleanup fails.
  const hub = spawn('/usr/bin/jupyterhub', ['-f', join(REPO, 'hub', 'jupyterhub_config.py')], {
    cwd: runDir,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe']
  });
  hub.stdout?.pipe(log, { end: false });
  hub.stderr?.pipe(log, { end: false });

  const url = `http://127.0.0.1:${port}`;
  const stop = async (): Promise<void> => {
    if (hub.pid !== undefined && hub.exitCode === null && hub.signalCode === null) {
      hub.kill('SIGTERM'); // the hub stops the servers, the service and the proxy it started
      if (!(await exited(hub, 20_000))) hub.kill('SIGKILL');
    }
    if (hub.pid !== undefined) {
      try {
        process.kill(-hub.pid, 'SIGKILL'); // stragglers of our own group only
      } catch {
        // the group is already gone
      }
    }
    log.end();
    await sandbox.stop();
    rmSync(runDir, { recursive: true, force: true });
  };

  try {
    await waitFor('the hub API', 60_000, hub, async () => (await fetch(`${url}/hub/api/`)).ok);
    await waitFor('the submission service', 30_000, hub, async () => {
      const response = await fetch(`http://127.0.0.1:${servicePort}/services/globus-submission/`);
      return response.ok;
    });
  } catch (error) {
    await stop();
    throw error;
  }

  return {
    url,
    hubApiUrl: `${url}/hub/api`,
    password,
    runDir,
    homes,
    sandbox,
    tokenFile: user => join(runDir, 'private', user, 'globus-tokens.json'),
    log: () => readFileSync(logPath, 'utf8'),
    logContains: async text => {
      const deadline = Date.now() + 5_000;
      while (Date.now() < deadline) {
        if (readFileSync(logPath, 'utf8').includes(text)) return true;
        await new Promise(resolve => setTimeout(resolve, 100));
      }
      return false;
    },
    stop
  };
}
