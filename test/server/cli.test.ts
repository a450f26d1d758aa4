/**
 * The real `globus-jupyterlab-server` process: the listening line, the Unix socket's
 * mode, TCP mode's secret, start-up refusals, shutdown, and the single-file bundle.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { statSync } from 'node:fs';
import { request } from 'node:http';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { removeTempDirs, tempDir } from './support';

const ROOT = resolve(__dirname, '../..');
const TSX = join(ROOT, 'node_modules/.bin/tsx');
const CLI = join(ROOT, 'server-ts/cli.ts');

interface Running {
  child: ChildProcess;
  line: Record<string, string>;
  stderr: () => string;
}

interface Exited {
  code: number | null;
  stdout: string;
  stderr: string;
}

function baseEnv(home: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: home,
    // Never the real Globus: an address nothing listens on.
    GLOBUS_SDK_SERVICE_URL_AUTH: 'http://127.0.0.1:9',
    GLOBUS_SDK_SERVICE_URL_TRANSFER: 'http://127.0.0.1:9',
    ...extra
  };
}

function start(command: string[], env: NodeJS.ProcessEnv): Promise<Running> {
  const child = spawn(command[0], command.slice(1), { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stderr?.on('data', chunk => (stderr += chunk));
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no listening line; stderr: ${stderr}`)),
      20_000
    );
    child.stdout?.on('data', chunk => {
      stdout += chunk;
      const newline = stdout.indexOf('\n');
      if (newline >= 0) {
        clearTimeout(timer);
        resolvePromise({ child, line: JSON.parse(stdout.slice(0, newline)), stderr: () => stderr });
      }
    });
    child.on('exit', code => {
      clearTimeout(timer);
      reject(new Error(`exited ${code} before listening; stderr: ${stderr}`));
    });
  });
}

function runToExit(command: string[], env: NodeJS.ProcessEnv): Promise<Exited> {
  const child = spawn(command[0], command.slice(1), { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', chunk => (stdout += chunk));
  child.stderr?.on('data', chunk => (stderr += chunk));
  return new Promise(resolvePromise =>
    child.on('exit', code => resolvePromise({ code, stdout, stderr }))
  );
}

function stop(running: Running): Promise<number | null> {
  return new Promise(resolvePromise => {
    running.child.on('exit', code => resolvePromise(code));
    running.child.kill('SIGTERM');
  });
}

interface Answer {
  status: number;
  body: string;
}

function call(
  target: { socketPath: string } | { url: string },
  method: string,
  path: string,
  headers: Record<string, string> = {}
): Promise<Answer> {
  const where =
    'socketPath' in target
      ? { socketPath: target.socketPath, path }
      : { host: new URL(target.url).hostname, port: new URL(target.url).port, path };
  return new Promise((resolvePromise, reject) => {
    const req = request({ ...where, method, headers }, response => {
      let body = '';
      response.on('data', chunk => (body += chunk));
      response.on('end', () => resolvePromise({ status: response.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end(method === 'GET' ? undefined : '{}');
  });
}

describe('--unix-socket', () => {
  it('listens on a 0600 socket, prints the listening line, and serves without a secret', async () => {
    const home = await tempDir();
    const socketPath = join(home, 'shim.sock');
    const running = await start([TSX, CLI, '--unix-socket', socketPath], baseEnv(home));
    try {
      expect(running.line).toEqual({ event: 'listening', socket: socketPath });
      const stat = statSync(socketPath);
      expect(stat.isSocket()).toBe(true);
      expect(stat.mode & 0o777).toBe(0o600);
      const probe = await call({ socketPath }, 'GET', '/');
      expect(probe).toEqual({ status: 200, body: '{"status":"ok"}' });
      const config = await call({ socketPath }, 'GET', '/config');
      expect(config.status).toBe(200);
      expect(JSON.parse(config.body).is_logged_in).toBe(false);
      const forged = await call({ socketPath }, 'POST', '/logout', {
        'content-type': 'application/json'
      });
      expect(forged.status).toBe(403);
      const proper = await call({ socketPath }, 'POST', '/logout', {
        'content-type': 'application/json',
        'x-xsrftoken': 'abc',
        cookie: '_xsrf=abc'
      });
      expect(proper.status).toBe(200);
    } finally {
      expect(await stop(running)).toBe(0);
    }
    expect(() => statSync(socketPath)).toThrow(/ENOENT/);
  });
});

describe('--port', () => {
  it('refuses to start without a secret', async () => {
    const home = await tempDir();
    const result = await runToExit([TSX, CLI, '--port', '0'], baseEnv(home));
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('GLOBUS_JUPYTERLAB_SERVER_TOKEN');
  });

  it('needs Authorization: token <secret> on everything but GET /', async () => {
    const home = await tempDir();
    const running = await start(
      [TSX, CLI, '--port', '0'],
      baseEnv(home, { GLOBUS_JUPYTERLAB_SERVER_TOKEN: 'tcp-secret' })
    );
    try {
      const url = running.line.url;
      expect(running.line.event).toBe('listening');
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      expect(await call({ url }, 'GET', '/')).toEqual({ status: 200, body: '{"status":"ok"}' });
      expect((await call({ url }, 'GET', '/config')).status).toBe(403);
      expect(
        (await call({ url }, 'GET', '/config', { authorization: 'token wrong-secret' })).status
      ).toBe(403);
      expect(
        (await call({ url }, 'GET', '/config', { authorization: 'token tcp-secret' })).status
      ).toBe(200);
      // The secret also proves the POST is not cross-site.
      const post = await call({ url }, 'POST', '/logout', {
        authorization: 'token tcp-secret',
        'content-type': 'application/json'
      });
      expect(post.status).toBe(200);
      expect(running.stderr()).not.toContain('tcp-secret');
    } finally {
      await stop(running);
    }
  });

  it('takes --token over the environment', async () => {
    const home = await tempDir();
    const running = await start(
      [TSX, CLI, '--port', '0', '--token', 'from-flag'],
      baseEnv(home, { GLOBUS_JUPYTERLAB_SERVER_TOKEN: 'from-env' })
    );
    try {
      const url = running.line.url;
      expect(
        (await call({ url }, 'GET', '/config', { authorization: 'token from-env' })).status
      ).toBe(403);
      expect(
        (await call({ url }, 'GET', '/config', { authorization: 'token from-flag' })).status
      ).toBe(200);
    } finally {
      await stop(running);
    }
  });
});

describe('start-up refusals', () => {
  it('stops on an invalid configuration, naming the variables on stderr', async () => {
    const home = await tempDir();
    const result = await runToExit(
      [TSX, CLI, '--unix-socket', join(home, 's.sock')],
      baseEnv(home, {
        GLOBUS_REFRESH_TOKENS: 'yes',
        GLOBUS_TRANSFER_SUBMISSION_SCOPE: 'https://auth.globus.org/scopes/x/submit',
        GLOBUS_TOKEN_STORAGE_PATH: home
      })
    );
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    for (const variable of [
      'GLOBUS_REFRESH_TOKENS',
      'GLOBUS_TRANSFER_SUBMISSION_SCOPE',
      'GLOBUS_TOKEN_STORAGE_PATH'
    ]) {
      expect(result.stderr).toContain(variable);
    }
  });

  it('explains bad arguments', async () => {
    const home = await tempDir();
    const both = await runToExit([TSX, CLI, '--port', '0', '--unix-socket', 'x'], baseEnv(home));
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('exactly one of --unix-socket PATH or --port N');
    const port = await runToExit([TSX, CLI, '--port', 'eighty'], baseEnv(home));
    expect(port.code).toBe(2);
    expect(port.stderr).toContain('--port must be a number');
  });
});

describe('the single-file bundle', () => {
  it('runs without node_modules next to it', async () => {
    const out = await tempDir('shim-bundle-');
    const outfile = join(out, 'globus-jupyterlab-server.cjs');
    // The same options as `npm run build:server`.
    await build({
      entryPoints: [CLI],
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      logLevel: 'warning',
      banner: { js: '#!/usr/bin/env node' },
      outfile
    });
    const socketPath = join(out, 'b.sock');
    const running = await start(
      [process.execPath, outfile, '--unix-socket', socketPath],
      baseEnv(out)
    );
    try {
      expect(running.line).toEqual({ event: 'listening', socket: socketPath });
      expect((await call({ socketPath }, 'GET', '/config')).status).toBe(200);
    } finally {
      await stop(running);
    }
  });
});

afterAll(removeTempDirs);
