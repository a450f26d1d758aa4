// Starts the harness JupyterLab (harness/server/launch_lab.py on Debian's jupyter_server) against an
// installed prefix, for the e2e suite and the demo. The extension and its jupyter-server-proxy
// entry are found the way a user's Jupyter finds them: JUPYTER_PATH=<prefix>/share/jupyter
// (labextensions) and JUPYTER_CONFIG_PATH=<prefix>/etc/jupyter (jupyter_server_config.json).
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

const HARNESS_DIR = __dirname;
const LAUNCHER = path.join(HARNESS_DIR, 'server', 'launch_lab.py');
const APP_STATIC_DIR = path.join(HARNESS_DIR, 'app', 'static');
/** Debian's Jupyter is importable only from the system python (not a pyenv `python3` on PATH). */
const SYSTEM_PYTHON = '/usr/bin/python3';

export interface StartLabOptions {
  /** An installer output: `<prefix>/share/jupyter/labextensions`, `<prefix>/etc/jupyter`. */
  prefix: string;
  /** The folder the file browser shows (ServerApp.root_dir). */
  rootDir: string;
  /** Extra environment for Jupyter and, through it, the shim (e.g. GLOBUS_SDK_SERVICE_URL_*). */
  env?: Record<string, string>;
  /** 0 (default): a free port. */
  port?: number;
  /** Default: a random token. */
  token?: string;
  /** Default '/'. Must start and end with '/'. */
  baseUrl?: string;
  /** Per-run folder (user settings, workspaces, Jupyter runtime, log). Default: a fresh temp dir, removed by stop(). */
  runDir?: string;
  /** Ignore the system and user Jupyter folders (default true): the prefix is all Jupyter sees. */
  isolate?: boolean;
  /** Where Jupyter's output goes. Default `<runDir>/jupyter.log`. */
  logFile?: string;
  /** How long to wait for /api/status. Default 30 s. */
  startTimeoutMs?: number;
  python?: string;
}

export interface RunningLab {
  /** `http://127.0.0.1:PORT/<base_url>` with a trailing slash. */
  url: string;
  /** The URL a browser opens: it logs in with the token (sets Jupyter's login and _xsrf cookies). */
  labUrl: string;
  token: string;
  port: number;
  runDir: string;
  logFile: string;
  pid: number;
  stop(): Promise<void>;
}

export class HarnessStartError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HarnessStartError';
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === 'object') {
          resolve(address.port);
        } else {
          reject(new Error('could not read the port the OS assigned'));
        }
      });
    });
  });
}

function checkOptions(options: StartLabOptions): void {
  for (const [name, dir] of [
    ['prefix', options.prefix],
    ['rootDir', options.rootDir]
  ] as const) {
    if (
      !dir ||
      !path.isAbsolute(dir) ||
      !fs.statSync(dir, { throwIfNoEntry: false })?.isDirectory()
    ) {
      throw new HarnessStartError(
        `startLab: ${name} must be an existing absolute folder, got ${JSON.stringify(dir)}`
      );
    }
  }
  const baseUrl = options.baseUrl ?? '/';
  if (!baseUrl.startsWith('/') || !baseUrl.endsWith('/')) {
    throw new HarnessStartError(
      `startLab: baseUrl must start and end with '/', got ${JSON.stringify(baseUrl)}`
    );
  }
  if (!fs.existsSync(path.join(APP_STATIC_DIR, 'main.bundle.js'))) {
    throw new HarnessStartError(
      `startLab: ${APP_STATIC_DIR} has no build: run \`npm run build:harness\` first`
    );
  }
  const python = options.python ?? SYSTEM_PYTHON;
  if (!fs.existsSync(python)) {
    throw new HarnessStartError(
      `startLab: ${python} is missing: install Debian's python3-jupyter-server and python3-jupyterlab-server`
    );
  }
}

function launcherEnvironment(options: StartLabOptions, runDir: string): NodeJS.ProcessEnv {
  const isolate = options.isolate ?? true;
  const inherited = { ...process.env };
  if (isolate) {
    // A developer's own Jupyter settings must not leak into the run.
    for (const key of Object.keys(inherited)) {
      if (key.startsWith('JUPYTER')) {
        delete inherited[key];
      }
    }
  }
  return {
    ...inherited,
    JUPYTER_PATH: path.join(options.prefix, 'share', 'jupyter'),
    JUPYTER_CONFIG_PATH: path.join(options.prefix, 'etc', 'jupyter'),
    JUPYTER_CONFIG_DIR: path.join(runDir, 'config'),
    JUPYTER_DATA_DIR: path.join(runDir, 'data'),
    JUPYTER_RUNTIME_DIR: path.join(runDir, 'runtime'),
    HARNESS_RUN_DIR: runDir,
    // A crashed test run or demo must not leave a Jupyter (and its shim) behind.
    HARNESS_EXIT_WITH_PARENT: '1',
    // The launcher runs from the repository (or a user's clone): leave no __pycache__ in it.
    PYTHONDONTWRITEBYTECODE: '1',
    ...(isolate ? { HARNESS_ISOLATE: '1', PYTHONNOUSERSITE: '1' } : {}),
    ...options.env
  };
}

function tail(file: string, lines = 40): string {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

async function waitForStatus(
  url: string,
  token: string,
  child: ChildProcess,
  logFile: string,
  timeoutMs: number
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new HarnessStartError(
        `Jupyter exited (${child.exitCode ?? child.signalCode}) before it answered; ${logFile}:\n${tail(logFile)}`
      );
    }
    try {
      const response = await fetch(`${url}api/status`, {
        headers: { Authorization: `token ${token}` },
        signal: AbortSignal.timeout(2000)
      });
      if (response.ok) {
        return;
      }
    } catch {
      // Not listening yet.
    }
    await new Promise(resolve => setTimeout(resolve, 100));
  }
  throw new HarnessStartError(
    `Jupyter did not answer ${url}api/status within ${timeoutMs} ms; ${logFile}:\n${tail(logFile)}`
  );
}

function stopProcess(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve();
  }
  return new Promise(resolve => {
    const killer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(killer);
      resolve();
    });
    // jupyter_server stops its extensions on SIGTERM; ours terminates the shim it started.
    child.kill('SIGTERM');
  });
}

async function launch(options: StartLabOptions, runDir: string, port: number, token: string) {
  const baseUrl = options.baseUrl ?? '/';
  const logFile = options.logFile ?? path.join(runDir, 'jupyter.log');
  const log = fs.openSync(logFile, 'a');
  const child = spawn(
    options.python ?? SYSTEM_PYTHON,
    [
      LAUNCHER,
      '--ServerApp.ip=127.0.0.1',
      `--ServerApp.port=${port}`,
      '--ServerApp.port_retries=0',
      `--ServerApp.token=${token}`,
      `--ServerApp.base_url=${baseUrl}`,
      `--ServerApp.root_dir=${options.rootDir}`,
      '--ServerApp.open_browser=False',
      // Containers and CI run as root; Jupyter refuses that without this flag.
      '--ServerApp.allow_root=True'
    ],
    { env: launcherEnvironment(options, runDir), stdio: ['ignore', log, log] }
  );
  fs.closeSync(log);
  const url = `http://127.0.0.1:${port}${baseUrl}`;
  try {
    await waitForStatus(url, token, child, logFile, options.startTimeoutMs ?? 30_000);
  } catch (error) {
    await stopProcess(child);
    throw error;
  }
  return { child, url, logFile };
}

/** Starts Jupyter and resolves once `/api/status` answers. */
export async function startLab(options: StartLabOptions): Promise<RunningLab> {
  checkOptions(options);
  const ownsRunDir = !options.runDir;
  const runDir = options.runDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'harness-lab-'));
  fs.mkdirSync(runDir, { recursive: true });
  const token = options.token ?? randomBytes(24).toString('hex');

  // A free port can be taken between the probe and Jupyter's bind: retry a fixed port only once.
  let started: Awaited<ReturnType<typeof launch>> | undefined;
  let lastError: unknown;
  for (let attempt = 0; attempt < (options.port ? 1 : 3) && !started; attempt++) {
    const port = options.port || (await freePort());
    try {
      started = await launch(options, runDir, port, token);
    } catch (error) {
      lastError = error;
    }
  }
  if (!started) {
    // The run dir (and its jupyter.log, quoted in the error) stays for the post-mortem.
    throw lastError;
  }
  const { child, url, logFile } = started;
  const port = Number(new URL(url).port);
  return {
    url,
    labUrl: `${url}lab?token=${token}`,
    token,
    port,
    runDir,
    logFile,
    pid: child.pid ?? -1,
    async stop() {
      await stopProcess(child);
      if (ownsRunDir) {
        fs.rmSync(runDir, { recursive: true, force: true });
      }
    }
  };
}
