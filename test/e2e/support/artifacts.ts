// The built artifacts the e2e suite exercises, and the real installer that lays them out.
// The suite never builds anything itself: it tests what `npm run build` produced, the same files
// a user's `npx globus-jupyterlab install` copies.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
export const INSTALLER_BIN = path.join(REPO_ROOT, 'bin', 'globus-jupyterlab.cjs');
export const EXTENSION_NAME = 'globus-jupyterlab-ts';

const REQUIRED: Array<[string, string]> = [
  ['labextension/package.json', 'npm run build:labextension'],
  ['dist/server/globus-jupyterlab-server.cjs', 'npm run build:server'],
  ['dist/installer/globus-jupyterlab.cjs', 'npm run build:installer'],
  ['harness/app/static/main.bundle.js', 'npm run build:harness']
];

/** Fails with the command to run when a build output is missing. */
export function assertBuilt(): void {
  const missing = REQUIRED.filter(([file]) => !fs.existsSync(path.join(REPO_ROOT, file)));
  if (missing.length > 0) {
    throw new Error(
      'The e2e suite tests the built artifacts; missing:\n' +
        missing.map(([file, command]) => `  ${file}  (${command})`).join('\n') +
        '\nRun `npm run build` first.'
    );
  }
}

/** `npx globus-jupyterlab install --prefix <prefix>`, through the package's own bin. */
export function installInto(prefix: string): string {
  return execFileSync(process.execPath, [INSTALLER_BIN, 'install', '--prefix', prefix], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe']
  });
}
