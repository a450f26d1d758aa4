/**
 * The installer, run as users run it (`node bin/globus-jupyterlab.cjs`, i.e. the esbuild bundle
 * `npm run build:installer` writes), checked against what Debian's jupyter_server and
 * jupyterlab_server themselves discover.
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import {
  REPO,
  federatedExtensions,
  isolatedEnv,
  loadedServerProxy,
  makePackage,
  runCli,
  runPython,
  snapshot,
  tempDir
} from './installer-fixtures';

jest.setTimeout(120_000);

const EXT = 'globus-jupyterlab-ts';
const ENTRY = 'globus-jupyterlab';

interface Doctor {
  checks: Array<{ name: string; status: string; detail: string; hint?: string }>;
}

function statusOf(report: Doctor, name: string): string | undefined {
  return report.checks.find(check => check.name === name)?.status;
}

beforeAll(() => {
  // The same command `npm run build` uses, so the test exercises the artifact users get.
  const build = spawnSync('npm', ['run', '-s', 'build:installer'], { cwd: REPO, encoding: 'utf8' });
  if (build.status !== 0) {
    throw new Error(`npm run build:installer failed: ${build.stderr}`);
  }
});

describe('install --prefix', () => {
  let work: string;
  let pkg: string;
  let prefix: string;
  let env: NodeJS.ProcessEnv;

  beforeEach(() => {
    work = tempDir('install');
    pkg = path.join(work, 'pkg');
    prefix = path.join(work, 'prefix');
    makePackage(pkg);
    env = isolatedEnv(path.join(work, 'home'));
  });
  afterEach(() => fs.rmSync(work, { recursive: true, force: true }));

  const install = (...extra: string[]) =>
    runCli(['install', '--prefix', prefix, '--from', pkg, ...extra], env);

  it('lays out the labextension, the shim, the proxy entry and a manifest', () => {
    const result = install();
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);

    const extDir = path.join(prefix, 'share/jupyter/labextensions', EXT);
    for (const file of [
      'package.json',
      'static/remoteEntry.0123abcd.js',
      'static/747.0123abcd.js',
      `schemas/${EXT}/plugin.json`
    ]) {
      expect(fs.readFileSync(path.join(extDir, file), 'utf8')).toBe(
        fs.readFileSync(path.join(pkg, 'labextension', file), 'utf8')
      );
    }
    expect(JSON.parse(fs.readFileSync(path.join(extDir, 'install.json'), 'utf8'))).toEqual({
      packageManager: 'npm',
      packageName: EXT,
      uninstallInstructions: 'npx globus-jupyterlab uninstall'
    });
    const shim = path.join(prefix, 'share/globus-jupyterlab/server/globus-jupyterlab-server.cjs');
    expect(fs.readFileSync(shim, 'utf8')).toBe('// shim bundle\n');

    const config = JSON.parse(
      fs.readFileSync(path.join(prefix, 'etc/jupyter/jupyter_server_config.json'), 'utf8')
    );
    const entry = config.ServerProxy.servers[ENTRY];
    expect(entry).toEqual({
      command: [process.execPath, shim, '--unix-socket', '{unix_socket}'],
      unix_socket: true,
      timeout: 30,
      absolute_url: false,
      update_last_activity: false,
      launcher_entry: { enabled: false }
    });
    for (const executable of entry.command.slice(0, 2)) {
      expect(path.isAbsolute(executable)).toBe(true);
      expect(fs.existsSync(executable)).toBe(true);
    }

    const manifest = JSON.parse(
      fs.readFileSync(path.join(prefix, 'share/globus-jupyterlab/install-manifest.json'), 'utf8')
    );
    expect(
      manifest.files.map((f: { path: string }) => path.relative(prefix, f.path)).sort()
    ).toEqual(
      [
        'share/globus-jupyterlab/server/globus-jupyterlab-server.cjs',
        `share/jupyter/labextensions/${EXT}/install.json`,
        `share/jupyter/labextensions/${EXT}/package.json`,
        `share/jupyter/labextensions/${EXT}/schemas/${EXT}/plugin.json`,
        `share/jupyter/labextensions/${EXT}/static/747.0123abcd.js`,
        `share/jupyter/labextensions/${EXT}/static/remoteEntry.0123abcd.js`
      ].sort()
    );
  });

  it('is discovered by jupyterlab_server and jupyter_core through the prefix', () => {
    expect(install().status).toBe(0);
    const labextensions = path.join(prefix, 'share/jupyter/labextensions');
    expect(federatedExtensions(labextensions, env)[EXT]).toEqual({
      name: EXT,
      load: 'static/remoteEntry.0123abcd.js',
      packageManager: 'npm'
    });

    const searched = JSON.parse(
      runPython(
        'import json; from jupyter_core.paths import jupyter_path; print(json.dumps(jupyter_path("labextensions")))',
        { ...env, JUPYTER_PATH: path.join(prefix, 'share/jupyter') }
      )
    );
    expect(searched[0]).toBe(labextensions);
  });

  it('puts the proxy entry where jupyter_server loads it for jupyter-server-proxy', () => {
    expect(install().status).toBe(0);
    const loaded = loadedServerProxy({
      ...env,
      JUPYTER_CONFIG_PATH: path.join(prefix, 'etc/jupyter')
    });
    expect(loaded.files).toContain(path.join(prefix, 'etc/jupyter/jupyter_server_config.json'));
    expect(loaded.servers[ENTRY]).toMatchObject({ unix_socket: true, update_last_activity: false });
  });

  it('keeps the other settings of an existing jupyter_server_config.json, and restores it on uninstall', () => {
    const configFile = path.join(prefix, 'etc/jupyter/jupyter_server_config.json');
    fs.mkdirSync(path.dirname(configFile), { recursive: true });
    const original = {
      ServerApp: { password: 'argon2:x' },
      ServerProxy: { servers: { other: { command: ['x'] } } }
    };
    fs.writeFileSync(configFile, JSON.stringify(original));

    expect(install().status).toBe(0);
    const merged = JSON.parse(fs.readFileSync(configFile, 'utf8'));
    expect(merged.ServerApp).toEqual(original.ServerApp);
    expect(Object.keys(merged.ServerProxy.servers).sort()).toEqual([ENTRY, 'other']);

    expect(runCli(['uninstall', '--prefix', prefix], env).status).toBe(0);
    expect(JSON.parse(fs.readFileSync(configFile, 'utf8'))).toEqual(original);
  });

  it('uninstall removes exactly what install wrote and leaves unrelated files', () => {
    const other = path.join(prefix, 'share/jupyter/labextensions/other-ext/package.json');
    const otherConfig = path.join(prefix, 'etc/jupyter/jupyter_server_config.d/other.json');
    fs.mkdirSync(path.dirname(other), { recursive: true });
    fs.mkdirSync(path.dirname(otherConfig), { recursive: true });
    fs.writeFileSync(other, '{"name":"other-ext"}');
    fs.writeFileSync(otherConfig, '{}');
    const before = snapshot(prefix);

    expect(install().status).toBe(0);
    expect(snapshot(prefix)).not.toEqual(before);
    const result = runCli(['uninstall', '--prefix', prefix], env);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(snapshot(prefix)).toEqual(before);
  });

  it('uninstall into a fresh prefix leaves the prefix as empty as it found it', () => {
    fs.mkdirSync(prefix);
    expect(install().status).toBe(0);
    expect(runCli(['uninstall', '--prefix', prefix], env).status).toBe(0);
    expect(fs.readdirSync(prefix)).toEqual([]);
  });

  it('uninstall refuses to delete files changed since install, and says which', () => {
    expect(install().status).toBe(0);
    const changed = path.join(prefix, 'share/jupyter/labextensions', EXT, 'package.json');
    fs.appendFileSync(changed, '\n');
    const result = runCli(['uninstall', '--prefix', prefix], env);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(changed);
    expect(fs.existsSync(changed)).toBe(true);
    expect(
      fs.existsSync(path.join(prefix, 'share/jupyter/labextensions', EXT, 'install.json'))
    ).toBe(false);
    // The manifest stays, so the rest can be cleaned up once the file is dealt with.
    expect(fs.existsSync(path.join(prefix, 'share/globus-jupyterlab/install-manifest.json'))).toBe(
      true
    );
  });

  it('uninstall leaves a proxy entry someone edited since install', () => {
    expect(install().status).toBe(0);
    const configFile = path.join(prefix, 'etc/jupyter/jupyter_server_config.json');
    const config = JSON.parse(fs.readFileSync(configFile, 'utf8'));
    config.ServerProxy.servers[ENTRY].timeout = 99;
    fs.writeFileSync(configFile, JSON.stringify(config));
    const result = runCli(['uninstall', '--prefix', prefix], env);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`${configFile} (ServerProxy.servers.${ENTRY})`);
    expect(JSON.parse(fs.readFileSync(configFile, 'utf8')).ServerProxy.servers[ENTRY].timeout).toBe(
      99
    );
  });

  it('refuses a manifest that lists files outside the install folders', () => {
    expect(install().status).toBe(0);
    const victim = path.join(work, 'victim.txt');
    fs.writeFileSync(victim, 'keep me');
    const manifestFile = path.join(prefix, 'share/globus-jupyterlab/install-manifest.json');
    const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8'));
    manifest.files.push({ path: victim, sha256: manifest.files[0].sha256 });
    fs.writeFileSync(manifestFile, JSON.stringify(manifest));
    const result = runCli(['uninstall', '--prefix', prefix], env);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`lists ${victim}, outside the install folders`);
    expect(fs.readFileSync(victim, 'utf8')).toBe('keep me');
  });

  it('does not overwrite a labextension or proxy entry it did not install', () => {
    const foreign = path.join(prefix, 'share/jupyter/labextensions', EXT, 'package.json');
    fs.mkdirSync(path.dirname(foreign), { recursive: true });
    fs.writeFileSync(foreign, '{"mine":true}');
    let result = install();
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('was not installed by globus-jupyterlab');
    expect(fs.readFileSync(foreign, 'utf8')).toBe('{"mine":true}');
    expect(fs.existsSync(path.join(prefix, 'etc/jupyter/jupyter_server_config.json'))).toBe(false);

    fs.rmSync(path.join(prefix, 'share'), { recursive: true });
    const configFile = path.join(prefix, 'etc/jupyter/jupyter_server_config.json');
    fs.mkdirSync(path.dirname(configFile), { recursive: true });
    fs.writeFileSync(
      configFile,
      JSON.stringify({ ServerProxy: { servers: { [ENTRY]: { command: ['mine'] } } } })
    );
    result = install();
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('did not write');
    expect(fs.existsSync(path.join(prefix, 'share'))).toBe(false);
  });

  it('reinstalls over its own installation (an upgrade)', () => {
    expect(install().status).toBe(0);
    makePackage(pkg, '2.0.0');
    const result = install();
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Replacing the 1.2.3');
    const installed = JSON.parse(
      fs.readFileSync(path.join(prefix, 'share/jupyter/labextensions', EXT, 'package.json'), 'utf8')
    );
    expect(installed.version).toBe('2.0.0');
  });

  it('--dry-run lists the plan and writes nothing', () => {
    const result = install('--dry-run');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(path.join(prefix, 'etc/jupyter/jupyter_server_config.json'));
    expect(fs.existsSync(prefix)).toBe(false);
  });

  it('--sys-prefix targets the folders the python running Jupyter searches (dry run)', () => {
    const result = runCli(['install', '--sys-prefix', '--dry-run', '--from', pkg], env);
    expect(result.status).toBe(0);
    const jupyter = JSON.parse(
      runPython(
        [
          'import json, sys',
          'from jupyter_core.paths import jupyter_path, jupyter_config_path',
          'print(json.dumps({"prefix": sys.prefix, "data": jupyter_path(), "config": jupyter_config_path()}))'
        ].join('\n'),
        env
      )
    );
    const dataDir = path.join(jupyter.prefix, 'share/jupyter');
    const configDir = path.join(jupyter.prefix, 'etc/jupyter');
    expect(jupyter.data).toContain(dataDir);
    expect(jupyter.config).toContain(configDir);
    expect(result.stdout).toContain(path.join(dataDir, 'labextensions', EXT) + '/');
    expect(result.stdout).toContain(path.join(configDir, 'jupyter_server_config.json'));
  });

  it('names the python it could not use for --sys-prefix', () => {
    const result = runCli(
      ['install', '--sys-prefix', '--python', '/nonexistent/python3', '--from', pkg],
      env
    );
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('--sys-prefix needs the python that runs Jupyter');
    expect(result.stderr).toContain('/nonexistent/python3');
  });

  it('says to build first when the labextension is missing', () => {
    fs.rmSync(path.join(pkg, 'labextension'), { recursive: true });
    const result = install();
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('the labextension is not built');
    expect(result.stderr).toContain('run npm run build first');
  });

  it('rejects a command line with two destinations or an unknown command', () => {
    let result = runCli(['install', '--user', '--prefix', prefix], env);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('choose one of --sys-prefix, --user, --prefix P');
    result = runCli(['instal'], env);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('unknown command or extra arguments: instal');
  });

  it('--user installs into the per-user Jupyter folders', () => {
    const result = runCli(['install', '--user', '--from', pkg], env);
    expect(result.status).toBe(0);
    expect(
      fs.existsSync(path.join(env.JUPYTER_DATA_DIR!, 'labextensions', EXT, 'install.json'))
    ).toBe(true);
    expect(fs.existsSync(path.join(env.JUPYTER_CONFIG_DIR!, 'jupyter_server_config.json'))).toBe(
      true
    );
    // Found by Jupyter with no extra variables: these are its user-level folders.
    expect(loadedServerProxy(env).servers[ENTRY]).toBeDefined();
    expect(runCli(['uninstall', '--user'], env).status).toBe(0);
    expect(fs.existsSync(path.join(env.JUPYTER_DATA_DIR!, 'labextensions', EXT))).toBe(false);
  });
});

describe('doctor', () => {
  let work: string;
  let prefix: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(() => {
    work = tempDir('doctor');
    prefix = path.join(work, 'prefix');
    makePackage(path.join(work, 'pkg'));
    env = isolatedEnv(path.join(work, 'home'), {
      JUPYTER_PATH: path.join(prefix, 'share/jupyter'),
      JUPYTER_CONFIG_PATH: path.join(prefix, 'etc/jupyter'),
      GLOBUS_COLLECTION_ID: '6b6b7d3c-8d4b-4b4b-9c9c-1a2b3c4d5e6f'
    });
    expect(
      runCli(['install', '--prefix', prefix, '--from', path.join(work, 'pkg')], env).status
    ).toBe(0);
  });
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  const doctor = (extraEnv: NodeJS.ProcessEnv = {}): Doctor & { status: number | null } => {
    const result = runCli(['doctor', '--prefix', prefix, '--json'], { ...env, ...extraEnv });
    return { ...(JSON.parse(result.stdout) as Doctor), status: result.status };
  };

  it('reports a good installation as good', () => {
    const report = doctor();
    expect(statusOf(report, 'node')).toBe('ok');
    expect(statusOf(report, 'jupyter')).toBe('ok');
    expect(statusOf(report, 'search path')).toBe('ok');
    expect(statusOf(report, 'installed config')).toBe('ok');
    expect(statusOf(report, 'server config')).toBe('ok');
    expect(statusOf(report, 'labextension')).toBe('ok');
    expect(statusOf(report, 'GLOBUS_* settings')).toBe('ok');
    expect(statusOf(report, 'Globus Connect Personal')).toBe('info');
    // jupyter-server-proxy is not packaged in Debian: doctor must say so (and fail) exactly
    // when this python cannot import it.
    const importable =
      spawnSync('/usr/bin/python3', ['-c', 'import jupyter_server_proxy']).status === 0;
    expect(statusOf(report, 'jupyter-server-proxy')).toBe(importable ? 'ok' : 'fail');
    expect(report.status).toBe(importable ? 0 : 1);
  });

  it('reports invalid GLOBUS_* settings by variable, with the shim validator', () => {
    const report = doctor({ GLOBUS_REFRESH_TOKENS: 'yes' });
    const check = report.checks.find(c => c.name === 'GLOBUS_* settings');
    expect(check?.status).toBe('fail');
    expect(check?.detail).toContain('GLOBUS_REFRESH_TOKENS must be "true" or "false", got "yes"');
    expect(report.status).toBe(1);
  });

  it('reports an installation Jupyter does not search, and how to fix it', () => {
    const report = doctor({ JUPYTER_PATH: undefined, JUPYTER_CONFIG_PATH: undefined });
    const check = report.checks.find(c => c.name === 'search path');
    expect(check?.status).toBe('warn');
    expect(check?.hint).toContain(`JUPYTER_PATH=${path.join(prefix, 'share/jupyter')}`);
    expect(statusOf(report, 'server config')).toBe('fail');
  });

  it('reports a missing shim, a broken entry and a broken labextension', () => {
    const shim = path.join(prefix, 'share/globus-jupyterlab/server/globus-jupyterlab-server.cjs');
    const configFile = path.join(prefix, 'etc/jupyter/jupyter_server_config.json');
    const remoteEntry = path.join(
      prefix,
      'share/jupyter/labextensions',
      EXT,
      'static/remoteEntry.0123abcd.js'
    );
    const saved = {
      shim: fs.readFileSync(shim),
      config: fs.readFileSync(configFile),
      entry: fs.readFileSync(remoteEntry)
    };
    try {
      fs.rmSync(shim);
      let report = doctor();
      expect(report.checks.find(c => c.name === 'server config')?.detail).toContain(
        `the shim ${shim} does not exist`
      );
      expect(report.status).toBe(1);

      const config = JSON.parse(saved.config.toString());
      config.ServerProxy.servers[ENTRY].unix_socket = false;
      fs.writeFileSync(configFile, JSON.stringify(config));
      report = doctor();
      const entryCheck = report.checks.find(c => c.name === 'installed config');
      expect(entryCheck?.status).toBe('fail');
      expect(entryCheck?.detail).toContain(`ServerProxy.servers.${ENTRY}.unix_socket`);

      fs.rmSync(remoteEntry);
      report = doctor();
      const extCheck = report.checks.find(c => c.name === 'labextension');
      expect(extCheck?.status).toBe('fail');
      expect(extCheck?.detail).toContain('static/remoteEntry.0123abcd.js is missing');
    } finally {
      fs.writeFileSync(shim, saved.shim);
      fs.writeFileSync(configFile, saved.config);
      fs.writeFileSync(remoteEntry, saved.entry);
    }
  });

  it('reports an entry hidden by a higher-priority ServerProxy.servers', () => {
    // traitlets replaces a Dict trait wholesale: a config dir searched before ours that sets
    // ServerProxy.servers hides our entry from jupyter-server-proxy.
    const overrideDir = path.join(work, 'site-config');
    fs.mkdirSync(overrideDir, { recursive: true });
    fs.writeFileSync(
      path.join(overrideDir, 'jupyter_server_config.py'),
      "c.ServerProxy.servers = {'other': {'command': ['x']}}\n"
    );
    const check = doctor({
      JUPYTER_CONFIG_PATH: [overrideDir, env.JUPYTER_CONFIG_PATH].join(path.delimiter)
    }).checks.find(c => c.name === 'server config');
    expect(check?.status).toBe('fail');
    expect(check?.detail).toContain('overridden by a higher-priority ServerProxy.servers');
  });
});

describe('the package a user gets (npm run build output)', () => {
  let work = '';
  let prefix: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(() => {
    for (const [artifact, file] of [
      ['the labextension', 'labextension/package.json'],
      ['the shim bundle', 'dist/server/globus-jupyterlab-server.cjs']
    ]) {
      if (!fs.existsSync(path.join(REPO, file))) {
        throw new Error(`${artifact} is not built (${file} is missing): run npm run build first`);
      }
    }
    work = tempDir('artifact');
    prefix = path.join(work, 'prefix');
    env = isolatedEnv(path.join(work, 'home'), {
      GLOBUS_TOKEN_STORAGE_PATH: path.join(work, 'tokens.json')
    });
    const result = runCli(['install', '--prefix', prefix], env);
    if (result.status !== 0) throw new Error(`install failed: ${result.stderr}`);
  });
  afterAll(() => {
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  it('installs the built labextension where jupyterlab_server finds it', () => {
    const built = JSON.parse(fs.readFileSync(path.join(REPO, 'labextension/package.json'), 'utf8'));
    const found = federatedExtensions(path.join(prefix, 'share/jupyter/labextensions'), env)[EXT];
    expect(found).toEqual({ name: EXT, load: built.jupyterlab._build.load, packageManager: 'npm' });
    expect(fs.existsSync(path.join(prefix, 'share/jupyter/labextensions', EXT, found.load))).toBe(
      true
    );
  });

  it('starts the installed shim from its config, outside the repository, and it answers on the socket', async () => {
    const config = JSON.parse(
      fs.readFileSync(path.join(prefix, 'etc/jupyter/jupyter_server_config.json'), 'utf8')
    );
    const socketPath = path.join(work, 'shim.sock');
    const [node, ...args] = (config.ServerProxy.servers[ENTRY].command as string[]).map(part =>
      part.replace('{unix_socket}', socketPath)
    );
    const child = spawn(node, args, { cwd: work, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', chunk => (output += chunk));
    child.stderr.on('data', chunk => (output += chunk));
    try {
      const status = await waitForHttp(socketPath, 20_000, () => child.exitCode !== null);
      expect(status).toBeGreaterThanOrEqual(200);
    } catch (error) {
      throw new Error(`${(error as Error).message}\nshim output:\n${output}`);
    } finally {
      // Gone before afterAll removes its folder (and its socket) from under it.
      if (child.exitCode === null && child.signalCode === null) {
        const gone = new Promise(resolve => child.once('exit', resolve));
        child.kill('SIGTERM');
        await gone;
      }
    }
  });
});

/** jupyter-server-proxy's readiness rule: any HTTP answer to `GET /` (jupyter-ecosystem.md §2.1). */
async function waitForHttp(
  socketPath: string,
  timeoutMs: number,
  exited: () => boolean
): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exited()) throw new Error('the shim exited before answering');
    const status = await new Promise<number | undefined>(resolve => {
      const request = http.get({ socketPath, path: '/' }, response => {
        response.resume();
        resolve(response.statusCode);
      });
      request.on('error', () => resolve(undefined));
    });
    if (status !== undefined) return status;
    if (Date.now() > deadline) throw new Error(`no answer on ${socketPath} within ${timeoutMs} ms`);
    await new Promise(resolve => setTimeout(resolve, 100));
  }
}
