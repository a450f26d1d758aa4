import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';

const root = path.resolve(__dirname, '../..');

describe('npm run sandbox (sandbox/cli.ts)', () => {
  it('prints a listening JSON line and a human line, serves the given gcp root, stops on SIGTERM', async () => {
    const gcpRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'sandbox-cli-'));
    fs.writeFileSync(path.join(gcpRoot, 'marker.txt'), 'cli');
    const child = spawn(
      process.execPath,
      [
        path.join(root, 'node_modules/tsx/dist/cli.mjs'),
        'sandbox/cli.ts',
        '--port',
        '0',
        '--gcp-root',
        gcpRoot
      ],
      {
        cwd: root,
        stdio: ['ignore', 'pipe', 'pipe']
      }
    );
    try {
      const lines = readline.createInterface({ input: child.stdout });
      const iterator = lines[Symbol.asyncIterator]();
      const first = JSON.parse((await iterator.next()).value as string);
      expect(first.event).toBe('listening');
      expect(first.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const human = (await iterator.next()).value as string;
      expect(human).toContain('gcp=a1f1c0de-0001-4c0f-9a11-000000000001');
      expect(human).toContain('alice@uchicago.edu');
      const jwk = await fetch(`${first.url}/jwk.json`);
      expect(jwk.status).toBe(200);
      const exited = new Promise<number | null>(resolve => child.on('exit', code => resolve(code)));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(fs.existsSync(path.join(gcpRoot, 'marker.txt'))).toBe(true);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      fs.rmSync(gcpRoot, { recursive: true, force: true });
    }
  }, 30000);

  it('refuses a bad flag value with a message naming the flag', async () => {
    const child = spawn(
      process.execPath,
      [path.join(root, 'node_modules/tsx/dist/cli.mjs'), 'sandbox/cli.ts', '--port', 'abc'],
      {
        cwd: root,
        stdio: ['ignore', 'pipe', 'pipe']
      }
    );
    let stderr = '';
    child.stderr.on('data', chunk => (stderr += chunk));
    const code = await new Promise<number | null>(resolve => child.on('exit', c => resolve(c)));
    expect(code).toBe(2);
    expect(stderr).toContain('--port');
  }, 30000);
});
