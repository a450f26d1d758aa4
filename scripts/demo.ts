/**
 * `npm run demo [-- --port N]`: the whole thing offline. The Globus sandbox stands in for Globus
 * Auth + Transfer, the extension is installed into .demo/prefix with the real installer, and the
 * harness JupyterLab serves .demo/jupyter-root, which is also the sandbox's Globus Connect
 * Personal collection, so transferred files show up in the file browser.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as readline from 'node:readline';
import { parseArgs } from 'node:util';
import { sandboxShimEnv } from '../harness/sandbox-env';
import { startSandbox, type Sandbox } from '../sandbox';
import { HA_ALLOWED_DOMAIN, buildCatalogue } from '../sandbox/catalogue';
import { REPO, installExtension, parsePort, startSession, stopOnSignal } from './lab-session';

const DEMO_DIR = path.join(REPO, '.demo');
const ROOT_DIR = path.join(DEMO_DIR, 'jupyter-root');

/** A few files and folders to right-click, made once (the user's own changes are kept). */
function seedJupyterRoot(): void {
  if (fs.existsSync(ROOT_DIR)) {
    return;
  }
  const files: Record<string, string | Buffer> = {
    'README.md':
      '# Globus JupyterLab demo\n\nRight-click a file or folder → "Transfer with Globus".\n',
    'data/measurements.csv': 'time,temperature\n0,20.1\n1,20.4\n2,20.9\n',
    'data/notes.txt': 'Field notes, day 1.\n',
    // Large enough that the sandbox's throttled copy shows task progress for a few seconds.
    'data/large-sample.bin': Buffer.alloc(4 * 1024 * 1024, 42),
    'results/summary.txt': 'Nothing yet: bring data in from a collection.\n'
  };
  for (const [file, content] of Object.entries(files)) {
    const target = path.join(ROOT_DIR, file);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, content);
  }
}

function guide(sandbox: Sandbox, labUrl: string, logFile: string): string {
  const [alice, aliceUchicago] = sandbox.identities;
  const ids = sandbox.ids;
  const names = new Map(
    buildCatalogue({ gcpRoot: sandbox.gcpRoot, dataRoot: sandbox.dataRoot }).map(c => [
      c.id,
      c.display_name
    ])
  );
  const row = (id: string, what: string) => `  ${(names.get(id) ?? id).padEnd(42)} ${what}`;
  return `
Globus JupyterLab demo is running (offline: a Globus sandbox at ${sandbox.url}).

  Open:  ${labUrl}

Log in from the Globus panel (a popup opens the sandbox's login and consent pages).
  Identities: ${sandbox.identities.map(i => i.username).join(', ')}
  (${alice.username} and ${aliceUchicago.username} are one person with linked identities.)

Then right-click a file or folder in the file browser and pick the Globus transfer item.
Search for these collections ("Sandbox" finds them all):
${row(ids.tutorial1, 'plain: browse, transfer, watch the task finish')}
${row(ids.mapped, 'asks for data_access consent first (consent recovery)')}
${row(ids.guest, 'a guest collection shared from a mapped one')}
${row(ids.highAssurance, `High Assurance: log in again with an @${HA_ALLOWED_DOMAIN} identity`)}
${row(ids.s3, '"credentials required" until you type  s3  below')}
${row(ids.gcsv4, 'legacy endpoint: activation guidance')}
Your Jupyter folder ${ROOT_DIR}
is the Globus Connect Personal collection "${names.get(ids.gcp) ?? ids.gcp}":
what you bring in from a collection appears in the file browser.

Commands (type, then Enter):
  s3      register Alice's S3 credential (what the Globus web app would do)
  expire  move the sandbox clock 2 days ahead (access tokens expire)
  quit    stop everything (or Ctrl-C)
Jupyter and shim log: ${logFile}
`;
}

function listenForCommands(sandbox: Sandbox, quit: () => void): void {
  if (!process.stdin.isTTY) {
    return;
  }
  const lines = readline.createInterface({ input: process.stdin });
  lines.on('line', line => {
    const command = line.trim();
    if (command === 's3') {
      sandbox.registerS3Credential();
      console.log('S3 credential registered for Alice: retry the S3 collection.');
    } else if (command === 'expire') {
      sandbox.advanceClock(2 * 24 * 3600);
      console.log('The sandbox clock moved 2 days ahead: access tokens have expired.');
    } else if (command === 'quit' || command === 'exit') {
      lines.close();
      quit();
    } else if (command) {
      console.log('Commands: s3, expire, quit');
    }
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { port: { type: 'string' } } });
  const port = parsePort(values.port);

  seedJupyterRoot();
  const prefix = path.join(DEMO_DIR, 'prefix');
  installExtension(prefix);

  const sandbox = await startSandbox({
    gcpRoot: ROOT_DIR,
    dataRoot: path.join(DEMO_DIR, 'collections'),
    // Slow enough to watch a task's progress, fast enough not to bore.
    transferBytesPerSecond: 1024 * 1024,
    quiet: true
  });
  const tokenFile = path.join(DEMO_DIR, 'tokens.json');
  // Tokens from an earlier run were issued by an earlier sandbox: start logged out.
  fs.rmSync(tokenFile, { force: true });
  const home = path.join(DEMO_DIR, 'home');
  fs.mkdirSync(home, { recursive: true });
  let lab;
  try {
    lab = await startSession({
      prefix,
      rootDir: ROOT_DIR,
      runDir: path.join(DEMO_DIR, 'run'),
      port,
      env: sandboxShimEnv(sandbox, { tokenFile, home })
    });
  } catch (error) {
    await sandbox.stop();
    throw error;
  }
  const running = lab;
  const stop = async () => {
    await running.stop();
    await sandbox.stop();
  };
  stopOnSignal(stop);
  console.log(guide(sandbox, running.labUrl, running.logFile));
  listenForCommands(sandbox, () => {
    stop().then(
      () => process.exit(0),
      () => process.exit(1)
    );
  });
}

main().catch(error => {
  console.error(`demo: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
