// One e2e environment: the Globus sandbox, a prefix laid out by the real installer, and the
// harness JupyterLab serving that prefix with the shim pointed at the sandbox.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../../sandbox';
import { startLab, type RunningLab } from '../../../harness/start';
import { sandboxShimEnv } from '../../../harness/sandbox-env';
import { assertBuilt, installInto } from './artifacts';
import { SCREENSHOT_DIR } from './browser';

export interface E2eEnvironment {
  sandbox: Sandbox;
  lab: RunningLab;
  /** The Jupyter root = the Globus Connect Personal collection's root. */
  rootDir: string;
  prefix: string;
  /** The sandbox collections' folders (`<dataRoot>/tutorial1`, `/mapped`…). */
  dataRoot: string;
  /** Where the shim keeps its tokens (GLOBUS_TOKEN_STORAGE_PATH). */
  tokenFile: string;
  stop(): Promise<void>;
}

export interface E2eOptions {
  name: string;
  sandbox?: Omit<SandboxOptions, 'gcpRoot' | 'dataRoot'>;
  /** Extra shim/Jupyter environment (GLOBUS_* variables). */
  env?: Record<string, string>;
}

/** What the user has in Jupyter before the scenarios start (the sandbox leaves a given root as is). */
const JUPYTER_FILES: Record<string, string> = {
  'hello.txt': 'Hello from Jupyter\n',
  'data/measurements.csv': 'x,y\n1,2\n3,4\n',
  'results/.keep': ''
};

function seedJupyterRoot(rootDir: string): void {
  for (const [relative, content] of Object.entries(JUPYTER_FILES)) {
    const file = path.join(rootDir, relative);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
  }
}

/** Jupyter's (and the shim's) log next to the screenshots, for the post-mortem. */
function keepLog(logFile: string, name: string): void {
  if (fs.existsSync(logFile)) {
    fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
    fs.copyFileSync(logFile, path.join(SCREENSHOT_DIR, `${name}-jupyter.log`));
  }
}

export async function startE2eEnvironment(options: E2eOptions): Promise<E2eEnvironment> {
  assertBuilt();
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), `e2e-${options.name}-`));
  const rootDir = path.join(workDir, 'jupyter-root');
  const prefix = path.join(workDir, 'prefix');
  const home = path.join(workDir, 'home');
  for (const dir of [rootDir, prefix, home]) fs.mkdirSync(dir, { recursive: true });
  seedJupyterRoot(rootDir);
  const dataRoot = path.join(workDir, 'collections');
  let sandbox: Sandbox;
  try {
    installInto(prefix);
    sandbox = await startSandbox({ quiet: true, ...options.sandbox, gcpRoot: rootDir, dataRoot });
  } catch (error) {
    fs.rmSync(workDir, { recursive: true, force: true });
    throw error;
  }
  const tokenFile = path.join(workDir, 'tokens.json');
  let lab: RunningLab;
  try {
    lab = await startLab({
      prefix,
      rootDir,
      runDir: path.join(workDir, 'run'),
      env: { ...sandboxShimEnv(sandbox, { tokenFile, home }), ...options.env }
    });
  } catch (error) {
    await sandbox.stop();
    keepLog(path.join(workDir, 'run', 'jupyter.log'), options.name);
    fs.rmSync(workDir, { recursive: true, force: true });
    throw error;
  }
  return {
    sandbox,
    lab,
    rootDir,
    prefix,
    dataRoot,
    tokenFile,
    async stop() {
      await lab.stop();
      await sandbox.stop();
      keepLog(lab.logFile, options.name);
      fs.rmSync(workDir, { recursive: true, force: true });
    }
  };
}

/**
 * The user's Transfer access token from the shim's token file: what the Globus web app acts with
 * when a scenario plays "the user fixes it in the web app".
 */
export function transferAccessToken(tokenFile: string): string {
  const found: string[] = [];
  const visit = (value: unknown): void => {
    if (typeof value !== 'object' || value === null) return;
    const record = value as Record<string, unknown>;
    if (
      record.resource_server === 'transfer.api.globus.org' &&
      typeof record.access_token === 'string'
    ) {
      found.push(record.access_token);
    }
    Object.values(record).forEach(visit);
  };
  visit(JSON.parse(fs.readFileSync(tokenFile, 'utf8')));
  if (found.length === 0) {
    throw new Error(`${tokenFile} holds no transfer.api.globus.org access token`);
  }
  return found[0];
}
