import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import { InstallerError } from './errors';
import { PROXY_NAME } from './layout';

/**
 * Our entry in a `jupyter_server_config.json`: `ServerProxy.servers["globus-jupyterlab"]`.
 *
 * Why this file and not `jupyter_server_config.d/<name>.json`: jupyter_server reads the `.d`
 * folders only for `ServerApp.jpserver_extensions` (ExtensionConfigManager in
 * `ServerApp.find_server_extensions`); every other setting comes from the traitlets config files
 * `jupyter_server_config.{py,json}` on the config path. jupyter-server-proxy builds
 * `ServerProxy(parent=serverapp)` from that traitlets config, so a `.d` file would be silently
 * ignored. The file is shared with other settings (e.g. a password), so we edit only our key.
 */
export const ENTRY_PATH = ['ServerProxy', 'servers', PROXY_NAME] as const;

type JsonObject = Record<string, unknown>;

export function hashValue(value: unknown): string {
  return crypto.createHash('sha256').update(JSON.stringify(value)).digest('hex');
}

export function readConfig(file: string): JsonObject | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return undefined;
    }
    throw error;
  }
  if (text.trim() === '') {
    return {};
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new InstallerError(
      `${file} is not valid JSON (${(error as Error).message}); fix it first`
    );
  }
  if (!isObject(json)) {
    throw new InstallerError(`${file} does not hold a JSON object; fix it first`);
  }
  return json;
}

export function getEntry(config: JsonObject | undefined): unknown {
  let node: unknown = config;
  for (const key of ENTRY_PATH) {
    if (!isObject(node)) {
      return undefined;
    }
    node = node[key];
  }
  return node;
}

/** Returns a copy of `config` with our entry set, every other key untouched. */
export function withEntry(config: JsonObject | undefined, value: unknown): JsonObject {
  const copy: JsonObject = structuredClone(config ?? {});
  let node = copy;
  for (const key of ENTRY_PATH.slice(0, -1)) {
    const child = node[key];
    if (child !== undefined && !isObject(child)) {
      throw new InstallerError(`the existing ${ENTRY_PATH.slice(0, 2).join('.')} is not an object`);
    }
    node[key] = child ?? {};
    node = node[key] as JsonObject;
  }
  node[ENTRY_PATH[ENTRY_PATH.length - 1]] = value;
  return copy;
}

/** Returns a copy of `config` without our entry, dropping the sections it leaves empty. */
export function withoutEntry(config: JsonObject): JsonObject {
  const copy: JsonObject = structuredClone(config);
  const [section, servers, name] = ENTRY_PATH;
  const proxy = copy[section];
  if (isObject(proxy) && isObject(proxy[servers])) {
    const serverMap = proxy[servers] as JsonObject;
    delete serverMap[name];
    if (Object.keys(serverMap).length === 0) {
      delete proxy[servers];
    }
    if (Object.keys(proxy).length === 0) {
      delete copy[section];
    }
  }
  return copy;
}

export function writeConfig(file: string, config: JsonObject): void {
  const tmp = `${file}.tmp-${process.pid}`;
  fs.writeFileSync(tmp, JSON.stringify(config, null, 2) + '\n');
  fs.renameSync(tmp, file);
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
