import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import { effectiveProxyEntry, jupyterPaths, probePython, type PythonProbe } from './jupyter-python';
import { CONFIG_FILE_NAME, PROXY_NAME, type InstallLayout } from './layout';
import { ENTRY_PATH, getEntry, readConfig } from './server-config';
import { PACKAGE_NAME } from './package-root';
import { MIN_NODE, atLeast } from './version';

export type CheckStatus = 'ok' | 'info' | 'warn' | 'fail';

export interface Check {
  name: string;
  status: CheckStatus;
  detail: string;
  /** What to do about a warn/fail. */
  hint?: string;
}

export interface DoctorOptions {
  python: string;
  env: NodeJS.ProcessEnv;
  /** Check this installation only (from --prefix/--user/--sys-prefix); default: every Jupyter path. */
  layout?: InstallLayout;
  /** Extra checks contributed by other modules (environment, Globus Connect Personal). */
  extraChecks?: Array<(env: NodeJS.ProcessEnv) => Check[]>;
}

export function runDoctor(options: DoctorOptions): Check[] {
  const checks: Check[] = [nodeCheck(process.version, 'node', process.execPath)];
  const probed = probePython(options.python, options.env);
  if (!probed.ok) {
    checks.push({
      name: 'jupyter',
      status: 'fail',
      detail: probed.error,
      hint: 'install Jupyter (Debian: bash scripts/setup-system.sh) or pass --python PATH'
    });
  } else {
    checks.push(...jupyterChecks(probed.probe, options));
  }
  for (const extra of options.extraChecks ?? []) {
    checks.push(...extra(options.env));
  }
  return checks;
}

function jupyterChecks(probe: PythonProbe, options: DoctorOptions): Check[] {
  const checks: Check[] = [
    {
      name: 'jupyter',
      status: probe.jupyterServer ? 'ok' : 'fail',
      detail:
        `python ${probe.executable} (sys.prefix ${probe.prefix}), jupyter_core ${probe.jupyterCore}, ` +
        `jupyter_server ${probe.jupyterServer ?? 'not importable'}`,
      hint: probe.jupyterServer ? undefined : 'install jupyter_server for that python'
    }
  ];
  const paths = jupyterPaths(options.python, options.env);
  checks.push(
    typeof paths === 'string'
      ? { name: 'jupyter paths', status: 'warn', detail: paths }
      : {
          name: 'jupyter paths',
          status: 'info',
          detail: `(${paths.source}) config: ${paths.config.join(', ')}; data: ${paths.data.join(', ')}`
        }
  );
  checks.push(serverProxyCheck(probe.jupyterServerProxy, probe.executable));

  const dataCandidates = options.layout ? [options.layout.dataDir] : probe.dataPath;
  if (options.layout) {
    checks.push(visibilityCheck(options.layout, probe));
    checks.push(installedConfigCheck(options.layout.configFile));
  }
  checks.push(effectiveConfigCheck(options.python, probe, options.env));
  checks.push(...labextensionChecks(dataCandidates));
  return checks;
}

/** unix_socket needs jupyter-server-proxy 4.0; 4.2 fixes CVE-2024-35225 (jupyter-ecosystem.md §2.1). */
function serverProxyCheck(version: string | null, python: string): Check {
  const hint = `${python} -m pip install 'jupyter-server-proxy>=4.2'`;
  if (version === null) {
    return {
      name: 'jupyter-server-proxy',
      status: 'fail',
      detail: `not importable by ${python}: Jupyter cannot route {base_url}${PROXY_NAME}/ to the shim`,
      hint
    };
  }
  if (version !== 'unknown' && !atLeast(version, '4.0.0')) {
    return {
      name: 'jupyter-server-proxy',
      status: 'fail',
      detail: `${version} has no unix_socket support (needs 4.0)`,
      hint
    };
  }
  if (version !== 'unknown' && !atLeast(version, '4.2.0')) {
    return {
      name: 'jupyter-server-proxy',
      status: 'warn',
      detail: `${version} has known security fixes missing`,
      hint
    };
  }
  return { name: 'jupyter-server-proxy', status: 'ok', detail: version };
}

/** An installation Jupyter does not search is as good as none: say which variable would fix it. */
function visibilityCheck(layout: InstallLayout, probe: PythonProbe): Check {
  const dataSeen = probe.dataPath.some(p => samePath(p, layout.dataDir));
  const configSeen = probe.configPath.some(p => samePath(p, layout.configDir));
  if (dataSeen && configSeen) {
    return {
      name: 'search path',
      status: 'ok',
      detail: `Jupyter searches ${layout.dataDir} and ${layout.configDir}`
    };
  }
  const fixes = [
    dataSeen ? undefined : `JUPYTER_PATH=${layout.dataDir}`,
    configSeen ? undefined : `JUPYTER_CONFIG_PATH=${layout.configDir}`
  ].filter(Boolean);
  return {
    name: 'search path',
    status: 'warn',
    detail: `Jupyter (${probe.executable}) does not search ${[
      dataSeen ? undefined : layout.dataDir,
      configSeen ? undefined : layout.configDir
    ]
      .filter(Boolean)
      .join(' or ')}`,
    hint: `export ${fixes.join(' ')} before starting Jupyter`
  };
}

const ENTRY_NAME = ENTRY_PATH.join('.');

/** The entry as written in one installation's config file. */
function installedConfigCheck(file: string): Check {
  const name = 'installed config';
  try {
    const entry = getEntry(readConfig(file));
    if (entry === undefined) {
      return {
        name,
        status: 'fail',
        detail: `${file} has no ${ENTRY_NAME}`,
        hint: 'npx globus-jupyterlab install'
      };
    }
    return validateEntry(name, entry, file);
  } catch (error) {
    return { name, status: 'fail', detail: (error as Error).message };
  }
}

/** The entry jupyter-server-proxy will actually get, after jupyter_server merged every config file. */
function effectiveConfigCheck(python: string, probe: PythonProbe, env: NodeJS.ProcessEnv): Check {
  const name = 'server config';
  const effective = effectiveProxyEntry(python, PROXY_NAME, env);
  if (typeof effective === 'string') {
    return { name, status: 'fail', detail: effective };
  }
  if (effective.entry === undefined || effective.entry === null) {
    // Ours may be written but overridden: traitlets replaces a Dict trait wholesale, so a
    // higher-priority `c.ServerProxy.servers = {...}` hides every lower-priority entry.
    const writtenIn = probe.configPath
      .map(dir => path.join(dir, CONFIG_FILE_NAME))
      .filter(file => {
        try {
          return getEntry(readConfig(file)) !== undefined;
        } catch {
          return false;
        }
      });
    return writtenIn.length > 0
      ? {
          name,
          status: 'fail',
          detail: `${ENTRY_NAME} is set in ${writtenIn.join(', ')} but overridden by a higher-priority ServerProxy.servers (loaded: ${effective.files.join(', ')})`,
          hint: `add the ${PROXY_NAME} entry to that ServerProxy.servers too, or remove the override`
        }
      : {
          name,
          status: 'fail',
          detail: `jupyter_server sees no ${ENTRY_NAME} (loaded: ${effective.files.join(', ') || 'no config files'})`,
          hint: 'npx globus-jupyterlab install'
        };
  }
  return validateEntry(name, effective.entry, `as loaded from ${effective.files.join(', ')}`);
}

const entrySchema = z.object({
  command: z.array(z.string()).min(2),
  unix_socket: z.literal(true),
  timeout: z.number().positive().optional(),
  absolute_url: z.literal(false).optional(),
  update_last_activity: z.literal(false),
  launcher_entry: z.object({ enabled: z.literal(false) }).passthrough()
});

export function validateEntry(name: string, entry: unknown, where: string): Check {
  const parsed = entrySchema.safeParse(entry);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      name,
      status: 'fail',
      detail: `${ENTRY_NAME}.${issue?.path.join('.')}: ${issue?.message} (${where})`,
      hint: 'reinstall: npx globus-jupyterlab install'
    };
  }
  const [node, shim, ...args] = parsed.data.command;
  const problems: string[] = [];
  if (!args.includes('{unix_socket}')) {
    problems.push('the command does not pass {unix_socket}');
  }
  if (!path.isAbsolute(shim) || !fs.existsSync(shim)) {
    problems.push(`the shim ${shim} does not exist`);
  }
  const nodeVersion = versionOf(node);
  if (!path.isAbsolute(node) || nodeVersion === undefined) {
    problems.push(`the node ${node} cannot be run`);
  } else if (!atLeast(nodeVersion, MIN_NODE)) {
    problems.push(`the node ${node} is ${nodeVersion}, older than ${MIN_NODE}`);
  }
  if (problems.length > 0) {
    return {
      name,
      status: 'fail',
      detail: `${problems.join('; ')} (${where})`,
      hint: 'reinstall: npx globus-jupyterlab install'
    };
  }
  return { name, status: 'ok', detail: `node ${nodeVersion}, shim ${shim} (${where})` };
}

function labextensionChecks(dataDirs: string[]): Check[] {
  const found = dataDirs
    .map(dir => path.join(dir, 'labextensions', PACKAGE_NAME))
    .filter(dir => fs.existsSync(path.join(dir, 'package.json')));
  if (found.length === 0) {
    return [
      {
        name: 'labextension',
        status: 'fail',
        detail: `no labextensions/${PACKAGE_NAME} in ${dataDirs.join(', ')}`,
        hint: 'npx globus-jupyterlab install'
      }
    ];
  }
  const checks: Check[] = [validateLabextension(found[0])];
  if (found.length > 1) {
    // jupyterlab_server takes the first directory that holds a name (jupyter-ecosystem.md §1.7).
    checks.push({
      name: 'labextension',
      status: 'warn',
      detail: `${found[0]} shadows ${found.slice(1).join(', ')}`,
      hint: 'uninstall the copies you do not use'
    });
  }
  return checks;
}

function validateLabextension(dir: string): Check {
  const name = 'labextension';
  try {
    const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as {
      version?: string;
      jupyterlab?: { _build?: { load?: string } };
    };
    const load = pkg.jupyterlab?._build?.load;
    if (!load) {
      return {
        name,
        status: 'fail',
        detail: `${dir}: package.json has no jupyterlab._build (not a prebuilt extension)`
      };
    }
    if (!fs.existsSync(path.join(dir, load))) {
      return { name, status: 'fail', detail: `${dir}: ${load} is missing`, hint: 'reinstall' };
    }
    return { name, status: 'ok', detail: `${dir} (version ${pkg.version ?? '?'})` };
  } catch (error) {
    return {
      name,
      status: 'fail',
      detail: `${dir}: ${(error as Error).message}`,
      hint: 'reinstall'
    };
  }
}

export function nodeCheck(version: string, name: string, executable: string): Check {
  return atLeast(version, MIN_NODE)
    ? { name, status: 'ok', detail: `${version} (${executable})` }
    : {
        name,
        status: 'fail',
        detail: `${version} (${executable}) is older than ${MIN_NODE}`,
        hint: `install Node.js ${MIN_NODE} or newer`
      };
}

function versionOf(node: string): string | undefined {
  const run = spawnSync(node, ['--version'], { encoding: 'utf8', timeout: 10_000 });
  return run.status === 0 ? run.stdout.trim() : undefined;
}

function samePath(a: string, b: string): boolean {
  return path.resolve(a) === path.resolve(b);
}

export function formatReport(checks: Check[]): string {
  const width = Math.max(...checks.map(c => c.name.length));
  const lines = checks.map(check => {
    const line = `${check.status.toUpperCase().padEnd(4)}  ${check.name.padEnd(width)}  ${check.detail}`;
    return check.hint ? `${line}\n${' '.repeat(width + 8)}→ ${check.hint}` : line;
  });
  const failures = checks.filter(c => c.status === 'fail').length;
  const warnings = checks.filter(c => c.status === 'warn').length;
  lines.push(
    failures === 0 && warnings === 0
      ? `${PACKAGE_NAME}: everything looks right.`
      : `${PACKAGE_NAME}: ${failures} problem(s), ${warnings} warning(s).`
  );
  return lines.join('\n');
}
