/**
 * `npm start [-- --root DIR --port N]`: the same JupyterLab as the demo, against the real Globus
 * services (no sandbox). Your GLOBUS_* variables pass through to the shim (docs/install.md lists
 * them); GLOBUS_COLLECTION_PATH defaults to the Jupyter root, so with Globus Connect Personal
 * sharing that folder, paths line up. Not exercised by the test suite: it needs a Globus account.
 */
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { REPO, installExtension, parsePort, startSession, stopOnSignal } from './lab-session';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { port: { type: 'string' }, root: { type: 'string' } } });
  const port = parsePort(values.port);
  const rootDir = path.resolve(values.root ?? os.homedir());
  const workDir = path.join(REPO, '.demo', 'start');
  const prefix = path.join(workDir, 'prefix');
  installExtension(prefix);

  const env: Record<string, string> = {};
  if (!process.env.GLOBUS_COLLECTION_PATH) {
    env.GLOBUS_COLLECTION_PATH = rootDir;
  }
  const lab = await startSession({ prefix, rootDir, runDir: path.join(workDir, 'run'), port, env });
  stopOnSignal(() => lab.stop());
  console.log(`
Globus JupyterLab (real Globus services) is running.

  Open:  ${lab.labUrl}

Jupyter root: ${rootDir}
Log in from the Globus panel with your Globus account. Transfers need a local collection:
Globus Connect Personal on this machine, or GLOBUS_COLLECTION_ID (see docs/install.md).
Jupyter and shim log: ${lab.logFile}
Ctrl-C stops it.
`);
}

main().catch(error => {
  console.error(`start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
