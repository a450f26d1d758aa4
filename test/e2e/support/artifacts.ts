// The built artifacts the e2e suite exercises, and the real installer that lays them out.
// The suite never builds anything itself: it tests what `npm run build` produced, the same files
// a user's `npx globus-jupyterlab install` copies.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');

/**
 * The package the suite installs: this checkout (after `npm run build`), or with
 * E2E_PACKAGE_DIR an unpacked `npm pack` tarball, i.e. exactly what `npx` would fetch.
 */
export const PACKAGE_DIR = process.env.E2E_PACKAGE_DIR
  ? path.resolve(process.env.E2E_PACKAGE_DIR)
  : REPO_ROOT;
const INSTALLER_BIN = path.join(PACKAGE_DIR, 'bin', 'globus-jupyterlab.cjs');

const REQUIRED: Array<[string, string, string]> = [
  [PACKAGE_DIR, 'labextension/package.json', 'npm run build:labextension'],
  [PACKAGE_DIR, 'dist/server/globus-jupyterlab-server.cjs', 'npm run build:server'],
  [PACKAGE_DIR, 'dist/installer/globus-jupyterlab.cjs', 'npm run build:installer'],
  [REPO_ROOT, 'harness/app/static/main.bundle.js', 'npm run build:harness']
];

/** The build outputs the browser suites need and do not have, each with the command that makes it. */
export function missingBuildOutputs(): Array<{ file: string; command: string }> {
  return REQUIRED.map(([root, file, command]) => ({ file: path.join(root, file), command })).filter(
    ({ file }) => !fs.existsSync(file)
  );
}

/** Fails with the command to run when a build output is missing. */
export function assertBuilt(): void {
  const missing = missingBuildOutputs();
  if (missing.length > 0) {
    throw new Error(
      'The e2e suite tests the built artifacts; missing:\n' +
        missing.map(({ file, command }) => `  ${file}  (${command})`).join('\n') +
        '\nRun `npm run build` first.'
    );
  }
}

/** `npx globus-jupyterlab install --prefix <prefix>`, through the package's own bin. */
export function installInto(prefix: string): string {
  return execFileSync(process.execPath, [INSTALLER_BIN, 'install', '--prefix', prefix], {
    cwd: PACKAGE_DIR,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe']
  });
}
