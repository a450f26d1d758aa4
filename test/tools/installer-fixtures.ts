/**
 * Helpers for the installer tests: run the built CLI the way a user does (`node
 * bin/globus-jupyterlab.cjs …`), ask Debian's Jupyter what it sees, and snapshot folders.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const REPO = path.resolve(__dirname, '..', '..');
export const BIN = path.join(REPO, 'bin', 'globus-jupyterlab.cjs');
export const PYTHON = '/usr/bin/python3';

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Jupyter looks only where the test says: no stray user or system config leaks in. */
export function isolatedEnv(home: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: home,
    JUPYTER_CONFIG_DIR: path.join(home, '.jupyter'),
    JUPYTER_DATA_DIR: path.join(home, '.local', 'share', 'jupyter'),
    JUPYTER_RUNTIME_DIR: path.join(home, 'runtime'),
    ...extra
  };
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined) delete env[key];
  }
  return env;
}

export function runCli(args: string[], env: NodeJS.ProcessEnv): CliResult {
  const run = spawnSync(process.execPath, [BIN, ...args], {
    env,
    encoding: 'utf8',
    timeout: 120_000
  });
  if (run.error) throw run.error;
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

export function runPython(code: string, env: NodeJS.ProcessEnv, args: string[] = []): string {
  const run = spawnSync(PYTHON, ['-c', code, ...args], { env, encoding: 'utf8', timeout: 120_000 });
  if (run.error) throw run.error;
  if (run.status !== 0) {
    throw new Error(`${PYTHON} failed (${run.status}): ${run.stderr}`);
  }
  return run.stdout.trim().split('\n').pop() ?? '';
}

export function tempDir(label: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `gjl-${label}-`));
}

/** Every file and folder below `root` with each file's content: equal snapshots = equal trees. */
export function snapshot(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      const key = path.relative(root, full);
      if (entry.isDirectory()) {
        out[key + '/'] = '';
        walk(full);
      } else {
        out[key] = fs.readFileSync(full, 'utf8');
      }
    }
  };
  walk(root);
  return out;
}

/**
 * A package directory shaped like a real build (labextension with `jupyterlab._build`, a shim
 * bundle), for the installer's own logic. The built artifact itself is installed by the
 * "the package a user gets" tests.
 */
export function makePackage(dir: string, version = '1.2.3'): void {
  const ext = path.join(dir, 'labextension');
  fs.mkdirSync(path.join(ext, 'static'), { recursive: true });
  fs.mkdirSync(path.join(ext, 'schemas', 'globus-jupyterlab-ts'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'dist', 'server'), { recursive: true });
  fs.writeFileSync(
    path.join(dir, 'package.json'),
    JSON.stringify({ name: 'globus-jupyterlab-ts', version })
  );
  fs.writeFileSync(
    path.join(ext, 'package.json'),
    JSON.stringify({
      name: 'globus-jupyterlab-ts',
      version,
      jupyterlab: {
        _build: {
          load: 'static/remoteEntry.0123abcd.js',
          extension: './extension',
          style: './style'
        }
      }
    })
  );
  fs.writeFileSync(path.join(ext, 'static', 'remoteEntry.0123abcd.js'), '/* remote entry */\n');
  fs.writeFileSync(path.join(ext, 'static', '747.0123abcd.js'), '/* chunk */\n');
  fs.writeFileSync(
    path.join(ext, 'schemas', 'globus-jupyterlab-ts', 'plugin.json'),
    '{"type":"object"}\n'
  );
  fs.writeFileSync(
    path.join(dir, 'dist', 'server', 'globus-jupyterlab-server.cjs'),
    '// shim bundle\n'
  );
}

/**
 * What jupyterlab_server's own discovery makes of a labextensions folder: the name, the
 * `_build.load` entry point it will put in page_config, and the install.json it shows.
 */
export function federatedExtensions(
  labextensionsDir: string,
  env: NodeJS.ProcessEnv
): Record<string, { name: string; load: string; packageManager?: string }> {
  const out = runPython(
    [
      'import json, sys',
      'from jupyterlab_server.config import get_federated_extensions',
      'exts = get_federated_extensions([sys.argv[1]])',
      'print(json.dumps({k: {"name": v["name"], "load": v["jupyterlab"]["_build"]["load"],',
      '  "packageManager": v.get("install", {}).get("packageManager")} for k, v in exts.items()}))'
    ].join('\n'),
    env,
    [labextensionsDir]
  );
  return JSON.parse(out);
}

/** `ServerProxy.servers` after jupyter_server's own config loading, as jupyter-server-proxy reads it. */
export function loadedServerProxy(env: NodeJS.ProcessEnv): {
  servers: Record<string, unknown>;
  files: string[];
} {
  const out = runPython(
    [
      'import json',
      'from jupyter_server.serverapp import ServerApp',
      'app = ServerApp()',
      'app.load_config_file()',
      'section = app.config.ServerProxy',
      'servers = section["servers"] if "servers" in section else {}',
      'print(json.dumps({"servers": servers, "files": app.loaded_config_files}))'
    ].join('\n'),
    env
  );
  return JSON.parse(out);
}
