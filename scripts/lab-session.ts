/**
 * What `npm run demo` and `npm start` share: install the built extension into a prefix with the
 * real installer (as a user would), start the harness JupyterLab on it, and stop everything this
 * process started on Ctrl-C.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startLab, type RunningLab } from '../harness/start';

export const REPO = path.resolve(__dirname, '..');
export const INSTALLER_BIN = path.join(REPO, 'bin', 'globus-jupyterlab.cjs');

/** `npx globus-jupyterlab install --prefix <prefix>`: replaces an earlier install of ours. */
export function installExtension(prefix: string): void {
  fs.mkdirSync(prefix, { recursive: true });
  const run = spawnSync(process.execPath, [INSTALLER_BIN, 'install', '--prefix', prefix], {
    cwd: REPO,
    encoding: 'utf8'
  });
  if (run.status !== 0) {
    throw new Error(`the installer failed:\n${run.stderr || run.stdout}`);
  }
}

export interface SessionOptions {
  prefix: string;
  rootDir: string;
  runDir: string;
  env: Record<string, string>;
  port?: number;
}

export async function startSession(options: SessionOptions): Promise<RunningLab> {
  // A previous run's settings and workspace would make the demo start in an odd state.
  fs.rmSync(options.runDir, { recursive: true, force: true });
  fs.mkdirSync(options.runDir, { recursive: true });
  return startLab({
    prefix: options.prefix,
    rootDir: options.rootDir,
    runDir: options.runDir,
    port: options.port,
    env: options.env,
    startTimeoutMs: 60_000
  });
}

/** Runs `stop` once on Ctrl-C / SIGTERM (and on a second Ctrl-C, exits at once). */
export function stopOnSignal(stop: () => Promise<void>): void {
  let stopping = false;
  const handler = (signal: NodeJS.Signals) => {
    if (stopping) {
      process.exit(130);
    }
    stopping = true;
    console.log(`\n${signal}: stopping...`);
    stop().then(
      () => process.exit(0),
      error => {
        console.error(error);
        process.exit(1);
      }
    );
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
}

export function parsePort(value: string | undefined): number | undefined {
  if (value === undefined) {
    return undefined;
  }
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(`--port must be a port number (1-65535), got "${value}"`);
  }
  return port;
}
