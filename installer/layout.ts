import * as os from 'node:os';
import * as path from 'node:path';
import { InstallerError } from './errors';
import { PACKAGE_NAME } from './package-root';
import type { PythonProbe } from './jupyter-python';

/** The jupyter-server-proxy server name: the frontend calls `{base_url}globus-jupyterlab/<route>`. */
export const PROXY_NAME = 'globus-jupyterlab';
/** The traitlets config file jupyter-server-proxy's settings are read from (see server-config.ts). */
export const CONFIG_FILE_NAME = 'jupyter_server_config.json';
export const SHIM_FILE_NAME = 'globus-jupyterlab-server.cjs';

export type InstallScope =
  { kind: 'prefix'; prefix: string } | { kind: 'user' } | { kind: 'sys-prefix'; python: string };

/** Where one installation lives. Every path is absolute. */
export interface InstallLayout {
  description: string;
  /** A Jupyter data dir: `<dataDir>/labextensions/<name>` is what JupyterLab discovers. */
  dataDir: string;
  /** A Jupyter config dir: jupyter_server reads `<configDir>/jupyter_server_config.json`. */
  configDir: string;
  /** Our own folder: the shim bundle and the install manifest. */
  appDir: string;
  extensionDir: string;
  configFile: string;
  shimPath: string;
  manifestPath: string;
}

export function layoutFor(
  dataDir: string,
  configDir: string,
  appDir: string,
  description: string
): InstallLayout {
  return {
    description,
    dataDir,
    configDir,
    appDir,
    extensionDir: path.join(dataDir, 'labextensions', PACKAGE_NAME),
    configFile: path.join(configDir, CONFIG_FILE_NAME),
    shimPath: path.join(appDir, 'server', SHIM_FILE_NAME),
    manifestPath: path.join(appDir, 'install-manifest.json')
  };
}

/** `--prefix P`: the layout a Python wheel's shared-data gives (jupyter-ecosystem.md §1.7). */
export function prefixLayout(prefix: string): InstallLayout {
  const root = path.resolve(prefix);
  return layoutFor(
    path.join(root, 'share', 'jupyter'),
    path.join(root, 'etc', 'jupyter'),
    path.join(root, 'share', 'globus-jupyterlab'),
    `prefix ${root}`
  );
}

/**
 * `--user`: jupyter_core's per-user dirs on Linux/macOS: JUPYTER_DATA_DIR, else
 * $XDG_DATA_HOME/jupyter, else ~/.local/share/jupyter; JUPYTER_CONFIG_DIR, else ~/.jupyter.
 * Our own files go inside the data dir, so one variable moves everything together.
 */
export function userLayout(env: NodeJS.ProcessEnv, home = os.homedir()): InstallLayout {
  const dataDir = path.resolve(
    env.JUPYTER_DATA_DIR ||
      (env.XDG_DATA_HOME
        ? path.join(env.XDG_DATA_HOME, 'jupyter')
        : path.join(home, '.local', 'share', 'jupyter'))
  );
  const configDir = path.resolve(env.JUPYTER_CONFIG_DIR || path.join(home, '.jupyter'));
  return layoutFor(
    dataDir,
    configDir,
    path.join(dataDir, 'globus-jupyterlab'),
    `user (${dataDir}, ${configDir})`
  );
}

/** `--sys-prefix`: the python's own ENV_JUPYTER_PATH / ENV_CONFIG_PATH (see jupyter-python.ts). */
export function sysPrefixLayout(probe: PythonProbe): InstallLayout {
  const dataDir = probe.envData[0];
  const configDir = probe.envConfig[0];
  if (!dataDir || !configDir) {
    throw new InstallerError(`${probe.executable} reports no sys.prefix Jupyter paths`);
  }
  return layoutFor(
    dataDir,
    configDir,
    path.join(probe.prefix, 'share', 'globus-jupyterlab'),
    `sys-prefix ${probe.prefix} (python ${probe.executable})`
  );
}

/**
 * Our `ServerProxy.servers["globus-jupyterlab"]` entry (jupyter-ecosystem.md §2.1–2.2): started
 * lazily by jupyter-server-proxy on the first request, listening on a private socket.
 */
export function serverProxyEntry(nodePath: string, shimPath: string): object {
  return {
    command: [nodePath, shimPath, '--unix-socket', '{unix_socket}'],
    // A private 0700 socket dir: only the Jupyter user can reach the shim (§2.1 unix_socket).
    unix_socket: true,
    timeout: 30,
    absolute_url: false,
    // Task polling must not keep an idle hub server alive (§2.1 update_last_activity, §7).
    update_last_activity: false,
    // An API backend, not an app: no launcher tile.
    launcher_entry: { enabled: false }
  };
}
