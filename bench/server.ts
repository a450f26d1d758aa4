/**
 * `npm run bench:server`: requests/s and p50/p99 latency of operation_ls and
 * endpoint_search through the shim and directly against the Globus sandbox, at 1, 10 and
 * 50 concurrent clients, with and without a 200 ms delay on every sandbox answer; the
 * error count, and how many connections the shim opened to the sandbox.
 *
 * The sandbox, the shim (the single-file bundle, TCP mode) and this load generator run
 * as three processes on 127.0.0.1. A benchmark, not a test: it prints, it asserts nothing.
 *
 *   BENCH_SECONDS=3      measuring time per row (after a short warm-up)
 *   BENCH_DELAYS=0,200   the sandbox answer delays to measure
 */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { Pool } from 'undici';

const ROOT = resolve(__dirname, '..');
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const WARMUP_MS = 300;
const CLIENTS = [1, 10, 50];
const DELAYS = (process.env.BENCH_DELAYS ?? '0,200').split(',').map(Number);
const SHIM_SECRET = 'bench-secret';

interface SandboxChild {
  child: ChildProcess;
  url: string;
  accessToken: string;
  collection: string;
  connections(): Promise<number>;
}

interface Row {
  target: 'shim' | 'direct';
  route: string;
  delayMs: number;
  clients: number;
  requests: number;
  errors: number;
  rps: number;
  p50: number;
  p99: number;
  /** Connections the sandbox accepted during the row. */
  sandboxConnections: number;
}

function startSandbox(tokenFile: string, delayMs: number): Promise<SandboxChild> {
  const child = fork(join(ROOT, 'bench/server-sandbox.ts'), [tokenFile, String(delayMs)], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc']
  });
  return new Promise((resolvePromise, reject) => {
    child.once('exit', code => reject(new Error(`sandbox exited with ${code}`)));
    child.once('message', message => {
      const ready = message as { url: string; accessToken: string; collection: string };
      resolvePromise({
        child,
        ...ready,
        connections: () =>
          new Promise(answer => {
            child.once('message', reply => answer((reply as { connections: number }).connections));
            child.send('connections');
          })
      });
    });
  });
}

async function buildShim(outDir: string): Promise<string> {
  const outfile = join(outDir, 'globus-jupyterlab-server.cjs');
  await build({
    entryPoints: [join(ROOT, 'server-ts/cli.ts')],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    logLevel: 'warning',
    outfile
  });
  return outfile;
}

function startShim(
  bundle: string,
  sandboxUrl: string,
  tokenFile: string,
  home: string
): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [bundle, '--port', '0', '--token', SHIM_SECRET], {
    env: {
      PATH: process.env.PATH,
      HOME: home,
      GLOBUS_SDK_SERVICE_URL_AUTH: sandboxUrl,
      GLOBUS_SDK_SERVICE_URL_TRANSFER: sandboxUrl,
      GLOBUS_TOKEN_STORAGE_PATH: tokenFile,
      GLOBUS_JUPYTERLAB_LOG_LEVEL: 'warn'
    },
    stdio: ['ignore', 'pipe', 'inherit']
  });
  return new Promise((resolvePromise, reject) => {
    let out = '';
    child.once('exit', code => reject(new Error(`shim exited with ${code}`)));
    child.stdout?.on('data', chunk => {
      out += chunk;
      if (out.includes('\n')) resolvePromise({ child, url: JSON.parse(out.split('\n')[0]).url });
    });
  });
}

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** N clients, each sending its next request when the previous answer is read. */
async function load(
  origin: string,
  path: string,
  headers: Record<string, string>,
  clients: number
): Promise<{ requests: number; errors: number; rps: number; p50: number; p99: number }> {
  const pool = new Pool(origin, { connections: clients, pipelining: 1 });
  const latencies: number[] = [];
  let errors = 0;
  let measuring = false;
  let running = true;
  const worker = async () => {
    while (running) {
      const started = process.hrtime.bigint();
      try {
        const response = await pool.request({ path, method: 'GET', headers });
        await response.body.text();
        if (response.statusCode !== 200 && measuring) errors++;
      } catch {
        if (measuring) errors++;
      }
      if (measuring) latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
  };
  const workers = Array.from({ length: clients }, worker);
  await new Promise(r => setTimeout(r, WARMUP_MS));
  measuring = true;
  const t0 = process.hrtime.bigint();
  await new Promise(r => setTimeout(r, SECONDS * 1000));
  measuring = false;
  const elapsed = Number(process.hrtime.bigint() - t0) / 1e9;
  running = false;
  await Promise.all(workers);
  await pool.close();
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    errors,
    rps: latencies.length / elapsed,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99)
  };
}

async function measure(delayMs: number, bundle: string, work: string): Promise<Row[]> {
  const tokenFile = join(work, `tokens-${delayMs}.json`);
  const sandbox = await startSandbox(tokenFile, delayMs);
  const shim = await startShim(bundle, sandbox.url, tokenFile, work);
  const rows: Row[] = [];
  try {
    const routes = [
      {
        route: 'operation_ls',
        shim: `/operation_ls?endpoint=${sandbox.collection}&path=/share/godata`,
        // What the shim sends for it (show_hidden defaults to 0, as the original).
        direct: `/v0.10/operation/endpoint/${sandbox.collection}/ls?path=%2Fshare%2Fgodata&show_hidden=0`
      },
      {
        route: 'endpoint_search',
        shim: '/endpoint_search?filter_fulltext=Sandbox&limit=10',
        direct: '/v0.10/endpoint_search?filter_non_functional=0&filter_fulltext=Sandbox&limit=10'
      }
    ];
    for (const { route, shim: shimPath, direct } of routes) {
      for (const clients of CLIENTS) {
        for (const target of ['direct', 'shim'] as const) {
          const before = await sandbox.connections();
          const result =
            target === 'shim'
              ? await load(
                  new URL(shim.url).origin,
                  shimPath,
                  { authorization: `token ${SHIM_SECRET}` },
                  clients
                )
              : await load(
                  sandbox.url,
                  direct,
                  { authorization: `Bearer ${sandbox.accessToken}` },
                  clients
                );
          const after = await sandbox.connections();
          rows.push({
            target,
            route,
            delayMs,
            clients,
            ...result,
            sandboxConnections: after - before
          });
          process.stderr.write('.');
        }
      }
    }
  } finally {
    shim.child.kill('SIGTERM');
    sandbox.child.send('stop');
    await Promise.all(
      [shim.child, sandbox.child].map(
        c => new Promise(r => (c.exitCode !== null ? r(null) : c.once('exit', r)))
      )
    );
  }
  return rows;
}

function table(rows: Row[]): string {
  const header =
    '| route | sandbox delay | clients | target | requests/s | p50 ms | p99 ms | errors | requests | new sandbox connections |';
  const line = '|---|---:|---:|---|---:|---:|---:|---:|---:|---:|';
  const body = rows.map(
    r =>
      `| ${r.route} | ${r.delayMs} ms | ${r.clients} | ${r.target} | ${r.rps.toFixed(0)} | ${r.p50.toFixed(2)} | ${r.p99.toFixed(2)} | ${r.errors} | ${r.requests} | ${r.sandboxConnections} |`
  );
  return [header, line, ...body].join('\n');
}

function summary(rows: Row[]): string {
  const find = (target: Row['target'], route: string, delay: number, clients: number) =>
    rows.find(
      r => r.target === target && r.route === route && r.delayMs === delay && r.clients === clients
    );
  const lines: string[] = [];
  for (const route of ['operation_ls', 'endpoint_search']) {
    const parts: string[] = [];
    const shim1 = find('shim', route, 0, 1);
    const direct1 = find('direct', route, 0, 1);
    const shim50 = find('shim', route, 0, 50);
    if (shim1 && direct1 && shim50) {
      parts.push(
        `added p50 with 1 client ${(shim1.p50 - direct1.p50).toFixed(2)} ms`,
        `${shim50.rps.toFixed(0)} requests/s at 50 clients`
      );
    }
    const delayed = CLIENTS.map(clients => find('shim', route, 200, clients));
    if (delayed.every(Boolean)) {
      parts.push(
        'with 200 ms delay ' +
          delayed
            .map(
              r => `${r?.rps.toFixed(1)} requests/s at ${r?.clients} (p50 ${r?.p50.toFixed(0)} ms)`
            )
            .join(', ')
      );
    }
    const shimRows = rows.filter(r => r.target === 'shim' && r.route === route);
    const opened = shimRows.reduce((sum, r) => sum + r.sandboxConnections, 0);
    const served = shimRows.reduce((sum, r) => sum + r.requests, 0);
    parts.push(`the shim opened ${opened} connections to the sandbox for ${served} requests`);
    lines.push(`${route}: ${parts.join('; ')}`);
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'bench-server-'));
  try {
    process.stderr.write(
      `bench:server — ${cpus().length} CPUs, load average ${loadavg()[0].toFixed(2)}, ${SECONDS} s per row `
    );
    const bundle = await buildShim(work);
    const rows: Row[] = [];
    for (const delay of DELAYS) rows.push(...(await measure(delay, bundle, work)));
    process.stderr.write('\n');
    process.stdout.write(`${table(rows)}\n\n${summary(rows)}\n`);
    process.stdout.write(`(load average at the end: ${loadavg()[0].toFixed(2)})\n`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch(error => {
  process.stderr.write(`${(error as Error).stack}\n`);
  process.exit(1);
});
