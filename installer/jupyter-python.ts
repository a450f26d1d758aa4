import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';

/** Debian's python that has jupyter_server; the pyenv `python3` on PATH may not. */
export const DEFAULT_PYTHON = '/usr/bin/python3';

/**
 * What the python that runs Jupyter says about itself. `envData`/`envConfig` are jupyter_core's
 * ENV_JUPYTER_PATH / ENV_CONFIG_PATH: exactly the `{sys.prefix}/share/jupyter` and
 * `{sys.prefix}/etc/jupyter` that `jupyter_path()` / `jupyter_config_path()` search, which is
 * what "--sys-prefix" must mean (for Debian's /usr/bin/python3 that is /usr/share/jupyter and
 * /usr/etc/jupyter, NOT /etc/jupyter).
 */
const probeSchema = z.object({
  executable: z.string(),
  prefix: z.string(),
  envData: z.array(z.string()),
  envConfig: z.array(z.string()),
  dataPath: z.array(z.string()),
  configPath: z.array(z.string()),
  jupyterCore: z.string(),
  jupyterServer: z.string().nullable(),
  jupyterServerProxy: z.string().nullable()
});
export type PythonProbe = z.infer<typeof probeSchema>;

const PROBE_SCRIPT = `
import json, sys
from jupyter_core import paths, version
def ver(name):
    try:
        mod = __import__(name)
    except Exception:
        return None
    return str(getattr(mod, "__version__", "unknown"))
as_list = lambda v: [v] if isinstance(v, str) else list(v)
print(json.dumps({
    "executable": sys.executable, "prefix": sys.prefix,
    "envData": as_list(paths.ENV_JUPYTER_PATH), "envConfig": as_list(paths.ENV_CONFIG_PATH),
    "dataPath": paths.jupyter_path(), "configPath": paths.jupyter_config_path(),
    "jupyterCore": version.__version__,
    "jupyterServer": ver("jupyter_server"), "jupyterServerProxy": ver("jupyter_server_proxy"),
}))
`;

export type ProbeResult = { ok: true; probe: PythonProbe } | { ok: false; error: string };

export function probePython(python: string, env: NodeJS.ProcessEnv = process.env): ProbeResult {
  const run = spawnSync(python, ['-c', PROBE_SCRIPT], { env, encoding: 'utf8', timeout: 30_000 });
  if (run.error) {
    return { ok: false, error: `could not run ${python}: ${run.error.message}` };
  }
  if (run.status !== 0) {
    const last = run.stderr.trim().split('\n').pop() ?? '';
    return { ok: false, error: `${python} cannot import jupyter_core (${last})` };
  }
  const parsed = probeSchema.safeParse(safeJson(run.stdout));
  if (!parsed.success) {
    return { ok: false, error: `unexpected answer from ${python}: ${run.stdout.slice(0, 200)}` };
  }
  return { ok: true, probe: parsed.data };
}

const EFFECTIVE_ENTRY_SCRIPT = `
import json, sys
from jupyter_server.serverapp import ServerApp
app = ServerApp()
app.load_config_file()
section = app.config.ServerProxy
servers = section["servers"] if "servers" in section else {}
entry = servers.get(sys.argv[1]) if isinstance(servers, dict) else None
print(json.dumps({"entry": entry, "files": app.loaded_config_files}, default=repr))
`;
const effectiveSchema = z.object({ entry: z.unknown(), files: z.array(z.string()) });
export type EffectiveEntry = z.infer<typeof effectiveSchema>;

/**
 * `ServerProxy.servers[name]` exactly as jupyter_server's own config loading resolves it (every
 * `jupyter_server_config.{py,json}` on the config path, user level winning), which is what
 * jupyter-server-proxy will read.
 */
export function effectiveProxyEntry(
  python: string,
  name: string,
  env: NodeJS.ProcessEnv = process.env
): EffectiveEntry | string {
  const run = spawnSync(python, ['-c', EFFECTIVE_ENTRY_SCRIPT, name], {
    env,
    encoding: 'utf8',
    timeout: 60_000
  });
  if (run.error || run.status !== 0) {
    return `jupyter_server could not load its config: ${run.error?.message ?? run.stderr.trim().split('\n').pop()}`;
  }
  const lastLine = run.stdout.trim().split('\n').pop() ?? '';
  const parsed = effectiveSchema.safeParse(safeJson(lastLine));
  return parsed.success
    ? parsed.data
    : `unexpected answer from ${python}: ${lastLine.slice(0, 200)}`;
}

/** `jupyter --paths --json`, as the user's own `jupyter` command reports them. */
const pathsSchema = z.object({
  config: z.array(z.string()),
  data: z.array(z.string()),
  runtime: z.array(z.string())
});
export type JupyterPaths = z.infer<typeof pathsSchema> & { source: string };

export function jupyterPaths(
  python: string,
  env: NodeJS.ProcessEnv = process.env
): JupyterPaths | string {
  const jupyter = findOnPath('jupyter', env);
  const [cmd, args, source] = jupyter
    ? [jupyter, ['--paths', '--json'], `${jupyter} --paths --json`]
    : [
        python,
        ['-m', 'jupyter_core.command', '--paths', '--json'],
        `${python} -m jupyter_core.command --paths --json`
      ];
  const run = spawnSync(cmd, args, { env, encoding: 'utf8', timeout: 30_000 });
  if (run.error || run.status !== 0) {
    return `${source} failed: ${run.error?.message ?? run.stderr.trim().split('\n').pop()}`;
  }
  const parsed = pathsSchema.safeParse(safeJson(run.stdout));
  return parsed.success ? { ...parsed.data, source } : `${source} gave unexpected output`;
}

/**
 * The python that runs Jupyter: an explicit choice, else the interpreter named in the shebang of
 * the `jupyter` on PATH (that is the python whose sys.prefix Jupyter searches), else Debian's.
 */
export function resolveJupyterPython(explicit: string | undefined, env: NodeJS.ProcessEnv): string {
  if (explicit) {
    return explicit;
  }
  const jupyter = findOnPath('jupyter', env);
  const shebang = jupyter ? readShebang(jupyter) : undefined;
  if (shebang) {
    const [interpreter, ...rest] = shebang.split(/\s+/);
    if (path.basename(interpreter) === 'env' && rest.length > 0) {
      return findOnPath(rest[rest.length - 1], env) ?? DEFAULT_PYTHON;
    }
    return interpreter;
  }
  return DEFAULT_PYTHON;
}

export function findOnPath(name: string, env: NodeJS.ProcessEnv): string | undefined {
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (!dir) {
      continue;
    }
    const candidate = path.join(dir, name);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      if (fs.statSync(candidate).isFile()) {
        return candidate;
      }
    } catch {
      // not here; keep looking
    }
  }
  return undefined;
}

function readShebang(file: string): string | undefined {
  try {
    const head = fs.readFileSync(file, 'utf8').slice(0, 512).split('\n')[0];
    return head.startsWith('#!') ? head.slice(2).trim() : undefined;
  } catch {
    return undefined;
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
