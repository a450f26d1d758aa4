/**
 * Shared setup for the shim tests: the real shim (buildApp) listening on 127.0.0.1:0,
 * pointed at a real Globus sandbox by base URL only, with its own temporary home folder
 * (token file, fake Globus Connect Personal files) and a captured log.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { AddressInfo } from 'node:net';
import { buildApp, type AppDeps, type ShimApp } from '../../server-ts/app';
import { loadConfig, type ShimConfig } from '../../server-ts/config';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../sandbox';

export { SANDBOX_IDS, IDENTITIES } from '../../sandbox';

export async function withSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  return startSandbox({ quiet: true, ...options });
}

const created: string[] = [];

/** A fresh temporary folder, removed by removeTempDirs() (call it in afterAll). */
export async function tempDir(prefix = 'shim-test-'): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  created.push(dir);
  return dir;
}

export async function removeTempDirs(): Promise<void> {
  await Promise.all(created.splice(0).map(dir => rm(dir, { recursive: true, force: true })));
}

/** A stream that keeps every log line, to assert on (and to grep for secrets). */
export class LogCapture extends Writable {
  readonly lines: string[] = [];
  _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void): void {
    this.lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    done();
  }
  text(): string {
    return this.lines.join('\n');
  }
}

export interface Shim extends ShimApp {
  url: string;
  config: ShimConfig;
  home: string;
  log: LogCapture;
  /** Moves the shim's clock forward (token expiry, login-state expiry). */
  advanceClock(seconds: number): void;
  fetch(path: string, init?: RequestInit & { csrf?: boolean }): Promise<Response>;
  json<T = Record<string, unknown>>(
    path: string,
    init?: RequestInit & { csrf?: boolean }
  ): Promise<{ status: number; body: T }>;
  post<T = Record<string, unknown>>(
    path: string,
    body: unknown
  ): Promise<{ status: number; body: T }>;
  /** The whole browser login: /login → sandbox consent page → /oauth_callback. */
  login(options?: { identityId?: string; query?: Record<string, string> }): Promise<Response>;
  /** The copy-code login of a hub: /login → consent → auth-code page → /oauth_callback_manual. */
  loginWithCode(options?: { identityId?: string }): Promise<Response>;
  close(): Promise<void>;
}

export interface ShimOptions {
  sandbox: Sandbox;
  env?: Record<string, string | undefined>;
  deps?: AppDeps;
  home?: string;
  /** Skip listening on TCP (the socket tests listen themselves). */
  listen?: boolean;
}

/** Runs `test` against a fresh shim, closed afterwards whether the test passed or not. */
export async function usingShim(
  options: ShimOptions,
  test: (shim: Shim) => Promise<void>
): Promise<void> {
  const shim = await startShim(options);
  try {
    await test(shim);
  } finally {
    await shim.close();
  }
}

export const XSRF = 'test-xsrf-value';

export async function startShim(options: ShimOptions): Promise<Shim> {
  const home = options.home ?? (await mkdtemp(join(tmpdir(), 'shim-home-')));
  const env: NodeJS.ProcessEnv = {
    GLOBUS_SDK_SERVICE_URL_AUTH: options.sandbox.url,
    GLOBUS_SDK_SERVICE_URL_TRANSFER: options.sandbox.url,
    GLOBUS_JUPYTERLAB_LOG_LEVEL: 'info',
    ...options.env
  };
  const config = loadConfig(env, { homeDir: home, cwd: home, platform: 'linux' });
  const log = new LogCapture();
  // The shim's clock follows real time, shifted by what a test adds with advanceClock.
  let offset = 0;
  const deps: AppDeps = {
    now: () => Date.now() + offset,
    logStream: log,
    retryDelaysMs: [10, 20],
    ...options.deps
  };
  const shim = await buildApp(config, deps);
  let url = '';
  if (options.listen !== false) {
    await shim.app.listen({ port: 0, host: '127.0.0.1' });
    const address = shim.app.server.address() as AddressInfo;
    url = `http://127.0.0.1:${address.port}`;
  }
  const doFetch = (path: string, init: RequestInit & { csrf?: boolean } = {}) => {
    const { csrf, ...rest } = init;
    const headers = new Headers(rest.headers);
    if (csrf !== false && rest.method && rest.method !== 'GET') {
      if (!headers.has('x-xsrftoken')) headers.set('x-xsrftoken', XSRF);
      if (!headers.has('cookie')) headers.set('cookie', `_xsrf=${XSRF}`);
    }
    return fetch(url + path, { redirect: 'manual', ...rest, headers });
  };
  const json = async <T>(path: string, init?: RequestInit & { csrf?: boolean }) => {
    const response = await doFetch(path, init);
    const text = await response.text();
    let body: T;
    try {
      body = JSON.parse(text) as T;
    } catch {
      throw new Error(`${path} answered ${response.status} with non-JSON: ${text.slice(0, 200)}`);
    }
    return { status: response.status, body };
  };
  return {
    ...shim,
    url,
    config,
    home,
    log,
    advanceClock: seconds => {
      offset += seconds * 1000;
    },
    fetch: doFetch,
    json,
    post: (path, body) =>
      json(path, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body)
      }),
    async login({ identityId, query } = {}) {
      const search = query ? `?${new URLSearchParams(query).toString()}` : '';
      const start = await doFetch(`/login${search}`);
      if (start.status !== 302) throw new Error(`/login answered ${start.status}`);
      const authorize = start.headers.get('location') ?? '';
      const back = await options.sandbox.approve(authorize, { identityId });
      return fetch(back, { redirect: 'manual' });
    },
    async loginWithCode({ identityId } = {}) {
      const start = await doFetch('/login');
      const codePage = await fetch(
        await options.sandbox.approve(start.headers.get('location') ?? '', { identityId })
      );
      const code = /<code id="auth-code">([^<]+)<\/code>/.exec(await codePage.text())?.[1];
      if (!code) throw new Error('the auth-code page shows no code');
      return doFetch(`/oauth_callback_manual?code=${encodeURIComponent(code)}`);
    },
    async close() {
      await shim.app.close();
      if (!options.home) await rm(home, { recursive: true, force: true });
    }
  };
}
