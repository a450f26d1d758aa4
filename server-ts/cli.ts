/**
 * `globus-jupyterlab-server`: the Globus server shim behind jupyter-server-proxy.
 *
 *   --unix-socket PATH   listen on a Unix socket, mode 0600 (jupyter-server-proxy's
 *                        `"unix_socket": true` with `--unix-socket {unix_socket}`)
 *   --port N             listen on TCP (0 = any free port); needs a secret from --token
 *   --host H             TCP address, default 127.0.0.1
 *   --token SECRET       TCP mode's secret (or GLOBUS_JUPYTERLAB_SERVER_TOKEN)
 *   --public-prefix P    URL prefix when no X-Forwarded-Prefix arrives
 *                        (or GLOBUS_JUPYTERLAB_PUBLIC_PREFIX)
 *
 * Once ready it prints one JSON line on stdout: {"event":"listening",...}.
 * A bad configuration stops it at start with a message on stderr naming the variable.
 */
import { chmodSync, lstatSync, unlinkSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { buildApp } from './app';
import { ConfigError, loadConfig } from './config';
import { importHubTokens } from './hub/globus-data';

const USAGE = `Usage: globus-jupyterlab-server (--unix-socket PATH | --port N [--host H] [--token SECRET]) [--public-prefix P]`;

interface CliOptions {
  unixSocket?: string;
  port?: number;
  host: string;
  token?: string;
  publicPrefix?: string;
}

class UsageError extends Error {}

function parseCli(argv: string[]): CliOptions | 'help' {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        'unix-socket': { type: 'string' },
        port: { type: 'string' },
        host: { type: 'string', default: '127.0.0.1' },
        token: { type: 'string' },
        'public-prefix': { type: 'string' },
        help: { type: 'boolean', short: 'h' }
      }
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.help) return 'help';
  const socket = values['unix-socket'];
  const portText = values.port;
  if ((socket === undefined) === (portText === undefined)) {
    throw new UsageError('Give exactly one of --unix-socket PATH or --port N');
  }
  let port: number | undefined;
  if (portText !== undefined) {
    port = Number(portText);
    if (!/^\d+$/.test(portText) || port > 65535) {
      throw new UsageError(`--port must be a number from 0 to 65535, got "${portText}"`);
    }
  }
  if (socket !== undefined && socket.trim() === '') {
    throw new UsageError('--unix-socket needs a path');
  }
  return {
    unixSocket: socket,
    port,
    host: values.host ?? '127.0.0.1',
    token: values.token,
    publicPrefix: values['public-prefix']
  };
}

function fail(message: string, code: number): never {
  process.stderr.write(`globus-jupyterlab-server: ${message}\n`);
  process.exit(code);
}

/** A socket file left by a previous run is replaced; anything else at the path is not. */
function removeStaleSocket(path: string): void {
  try {
    if (!lstatSync(path).isSocket()) fail(`--unix-socket ${path} exists and is not a socket`, 1);
    unlinkSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

async function main(): Promise<void> {
  let options: CliOptions | 'help';
  try {
    options = parseCli(process.argv.slice(2));
  } catch (error) {
    fail(`${(error as Error).message}\n${USAGE}`, 2);
  }
  if (options === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  let config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message, 1);
    throw error;
  }
  if (options.publicPrefix !== undefined)
    config = { ...config, publicPrefix: options.publicPrefix };
  let accessToken: string | null = null;
  if (options.port !== undefined) {
    accessToken = options.token ?? config.serverToken;
    if (!accessToken) {
      fail(
        'TCP mode (--port) needs a secret: pass --token or set GLOBUS_JUPYTERLAB_SERVER_TOKEN ' +
          '(or use --unix-socket behind jupyter-server-proxy)',
        1
      );
    }
  }

  // GLOBUS_TOKENS_JSON from a hub (never the pickled GLOBUS_DATA): docs/jupyterhub.md.
  const { app } = await buildApp(config, { accessToken, hubTokens: importHubTokens(process.env) });
  let line: Record<string, string>;
  if (options.unixSocket !== undefined) {
    const path = options.unixSocket;
    removeStaleSocket(path);
    // Created 0600 from the start (umask), so no other local user can ever connect.
    const previous = process.umask(0o177);
    try {
      await app.listen({ path });
    } finally {
      process.umask(previous);
    }
    chmodSync(path, 0o600);
    line = { event: 'listening', socket: path };
  } else {
    await app.listen({ port: options.port, host: options.host });
    const address = app.server.address() as AddressInfo;
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    line = { event: 'listening', url: `http://${host}:${address.port}/` };
  }
  process.stdout.write(`${JSON.stringify(line)}\n`);

  let closing = false;
  const shutdown = (): void => {
    if (closing) return;
    closing = true;
    app.close().then(
      () => process.exit(0),
      () => process.exit(1)
    );
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}

main().catch(error => {
  fail(`could not start: ${(error as Error).message}`, 1);
});
