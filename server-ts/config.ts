/**
 * Every environment variable the shim reads, validated once at start.
 *
 * Names and defaults are the original's (globus_jupyterlab/globus_config.py, the seed's
 * "Config Reference"); where the original silently ignored a bad value we stop with a
 * message naming the variable, so a misconfigured deployment fails loudly at start.
 */
import { statSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join, posix } from 'node:path';
import { detectLocalGcp, type LocalGcp } from './gcp';
import { OPENID_SCOPE, PROFILE_SCOPE, TRANSFER_ALL_SCOPE } from './scopes';

/** The Globus JupyterLab native app (globus_config.py `default_client_id`). */
export const DEFAULT_CLIENT_ID = '64d2d5b3-b77e-4e04-86d9-e3f143f563f7';
export const DEFAULT_NAMED_GRANT = 'Globus JupyterLab';
export const DEFAULT_TOKEN_FILE = '~/.globus_jupyterlab_tokens.json';
export const DEFAULT_AUTH_URL = 'https://auth.globus.org';
export const DEFAULT_TRANSFER_URL = 'https://transfer.api.globus.org';
export const WEB_APP_URL = 'https://app.globus.org';
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface TransferSubmissionConfig {
  url: string;
  scope: string;
  isHubService: boolean;
}

export interface ShimConfig {
  refreshTokens: boolean;
  tokenStoragePath: string;
  namedGrant: string;
  clientId: string;
  /** GLOBUS_REDIRECT_URI as given, or null for "derive it from the request". */
  redirectUri: string | null;
  /** The login ends on Globus's auth-code page and the user pastes the code back. */
  manualCopyCode: boolean;
  collectionId: string | null;
  collectionIdSource:
    'GLOBUS_COLLECTION_ID' | 'globus-connect-personal' | 'GLOBUS_LOCAL_ENDPOINT' | null;
  collectionBasePath: string;
  hostPosixBasepath: string | null;
  hostCollectionBasepath: string | null;
  transferSubmission: TransferSubmissionConfig | null;
  hub: { user: string; apiToken: string } | null;
  gcp: LocalGcp | null;
  authBaseUrl: string;
  transferBaseUrl: string;
  /** GLOBUS_JUPYTERLAB_SERVER_TOKEN (the CLI's --token wins). */
  serverToken: string | null;
  /** GLOBUS_JUPYTERLAB_PUBLIC_PREFIX (the CLI's --public-prefix wins). */
  publicPrefix: string | null;
  logLevel: LogLevel;
}

export interface ConfigProblem {
  variable: string;
  message: string;
}

/** Thrown at start when one or more variables are invalid; names every one of them. */
export class ConfigError extends Error {
  constructor(readonly problems: ConfigProblem[]) {
    super(
      'Invalid configuration:\n' + problems.map(p => `  ${p.variable}: ${p.message}`).join('\n')
    );
    this.name = 'ConfigError';
  }
}

export interface ConfigSystem {
  homeDir: string;
  cwd: string;
  platform: NodeJS.Platform;
}

export function defaultSystem(): ConfigSystem {
  return { homeDir: homedir(), cwd: process.cwd(), platform: process.platform };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Base scopes of every login (globus_config.py `base_scopes` + `get_scopes`). */
export function baseScopes(config: Pick<ShimConfig, 'transferSubmission'>): string[] {
  const scopes = [TRANSFER_ALL_SCOPE, PROFILE_SCOPE, OPENID_SCOPE];
  if (config.transferSubmission) scopes.push(config.transferSubmission.scope);
  return scopes;
}

/** Globus's "copy this code" page (globus_config.py `globus_auth_code_redirect_url`). */
export function authCodePageUrl(authBaseUrl: string): string {
  return `${authBaseUrl}/v2/web/auth-code`;
}

export function loadConfig(
  env: NodeJS.ProcessEnv,
  system: ConfigSystem = defaultSystem()
): ShimConfig {
  const problems: ConfigProblem[] = [];
  const read = (name: string): string | null => {
    const value = env[name];
    return value === undefined || value.trim() === '' ? null : value.trim();
  };
  const bool = (name: string): boolean => {
    const value = read(name);
    if (value === null) return false;
    if (value === 'true') return true;
    if (value === 'false') return false;
    problems.push({ variable: name, message: `must be "true" or "false", got "${value}"` });
    return false;
  };
  const uuid = (name: string): string | null => {
    const value = read(name);
    if (value !== null && !UUID.test(value)) {
      problems.push({ variable: name, message: `must be a Globus UUID, got "${value}"` });
      return null;
    }
    return value?.toLowerCase() ?? null;
  };
  const url = (name: string, fallback: string | null): string | null => {
    const value = read(name) ?? fallback;
    if (value === null) return null;
    if (!isHttpUrl(value)) {
      problems.push({ variable: name, message: `must be an http(s) URL, got "${value}"` });
      return null;
    }
    return value;
  };
  const absolutePosix = (name: string): string | null => {
    const value = read(name);
    if (value === null) return null;
    if (!value.startsWith('/')) {
      problems.push({ variable: name, message: `must be an absolute path, got "${value}"` });
      return null;
    }
    return posix.normalize(value).replace(/(.)\/$/, '$1');
  };

  const refreshTokens = bool('GLOBUS_REFRESH_TOKENS');
  const tokenStoragePath = expandHome(
    read('GLOBUS_TOKEN_STORAGE_PATH') ?? DEFAULT_TOKEN_FILE,
    system.homeDir
  );
  checkTokenPath(tokenStoragePath, problems);

  const hubUser = read('JUPYTERHUB_USER');
  const hubToken = read('JUPYTERHUB_API_TOKEN');
  const hub = hubUser && hubToken ? { user: hubUser, apiToken: hubToken } : null;

  const authBaseUrl = stripSlash(url('GLOBUS_SDK_SERVICE_URL_AUTH', DEFAULT_AUTH_URL));
  const transferBaseUrl = stripSlash(url('GLOBUS_SDK_SERVICE_URL_TRANSFER', DEFAULT_TRANSFER_URL));
  const redirectUri = url('GLOBUS_REDIRECT_URI', null);
  const pageUrl = authCodePageUrl(authBaseUrl ?? DEFAULT_AUTH_URL);
  // globus_config.py get_redirect_uri: unset in a hub → Globus's auth-code page.
  const manualCopyCode = redirectUri === null ? hub !== null : redirectUri === pageUrl;

  const transferSubmission = submissionConfig(read, bool, url, hub !== null, problems);

  const gcp = detectLocalGcp({
    platform: system.platform,
    homeDir: system.homeDir,
    localAppData: env.LOCALAPPDATA
  });
  const explicitCollection = uuid('GLOBUS_COLLECTION_ID');
  const oauthenticatorCollection = uuid('GLOBUS_LOCAL_ENDPOINT');
  const gcpCollection = gcp?.endpointId ?? null;
  const [collectionId, collectionIdSource] = explicitCollection
    ? ([explicitCollection, 'GLOBUS_COLLECTION_ID'] as const)
    : gcpCollection
      ? ([gcpCollection, 'globus-connect-personal'] as const)
      : oauthenticatorCollection
        ? ([oauthenticatorCollection, 'GLOBUS_LOCAL_ENDPOINT'] as const)
        : ([null, null] as const);

  const collectionBasePath = read('GLOBUS_COLLECTION_PATH') ?? system.cwd;
  const logLevel = (read('GLOBUS_JUPYTERLAB_LOG_LEVEL') ?? 'info') as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) {
    problems.push({
      variable: 'GLOBUS_JUPYTERLAB_LOG_LEVEL',
      message: `must be one of ${LOG_LEVELS.join(', ')}, got "${logLevel}"`
    });
  }

  const config: ShimConfig = {
    refreshTokens,
    tokenStoragePath,
    namedGrant: read('GLOBUS_NAMED_GRANT') ?? DEFAULT_NAMED_GRANT,
    clientId: uuid('GLOBUS_CLIENT_ID') ?? DEFAULT_CLIENT_ID,
    redirectUri,
    manualCopyCode,
    collectionId,
    collectionIdSource,
    collectionBasePath,
    hostPosixBasepath: absolutePosix('GLOBUS_HOST_POSIX_BASEPATH'),
    hostCollectionBasepath: absolutePosix('GLOBUS_HOST_COLLECTION_BASEPATH'),
    transferSubmission,
    hub,
    gcp,
    authBaseUrl: authBaseUrl ?? DEFAULT_AUTH_URL,
    transferBaseUrl: transferBaseUrl ?? DEFAULT_TRANSFER_URL,
    serverToken: read('GLOBUS_JUPYTERLAB_SERVER_TOKEN'),
    publicPrefix: read('GLOBUS_JUPYTERLAB_PUBLIC_PREFIX'),
    logLevel
  };
  if (problems.length) throw new ConfigError(problems);
  return config;
}

function submissionConfig(
  read: (name: string) => string | null,
  bool: (name: string) => boolean,
  url: (name: string, fallback: string | null) => string | null,
  isHub: boolean,
  problems: ConfigProblem[]
): TransferSubmissionConfig | null {
  const rawUrl = read('GLOBUS_TRANSFER_SUBMISSION_URL');
  const submissionUrl = url('GLOBUS_TRANSFER_SUBMISSION_URL', null);
  const scope = read('GLOBUS_TRANSFER_SUBMISSION_SCOPE');
  const isHubService = bool('GLOBUS_TRANSFER_SUBMISSION_IS_HUB_SERVICE');
  // globus_config.py get_transfer_submission_scope raises on a scope without its URL;
  // the seed says the URL needs its scope too ("GLOBUS_TRANSFER_SUBMISSION_SCOPE must
  // also be configured").
  if (scope && !rawUrl) {
    problems.push({
      variable: 'GLOBUS_TRANSFER_SUBMISSION_SCOPE',
      message: 'is set without GLOBUS_TRANSFER_SUBMISSION_URL; set both or neither'
    });
  }
  if (rawUrl && !scope) {
    problems.push({
      variable: 'GLOBUS_TRANSFER_SUBMISSION_URL',
      message: 'is set without GLOBUS_TRANSFER_SUBMISSION_SCOPE; set both or neither'
    });
  }
  // Changelog 1.0.0b8: "is_hub_service not raising an Exception on start if mis-configured".
  if (isHubService && !isHub) {
    problems.push({
      variable: 'GLOBUS_TRANSFER_SUBMISSION_IS_HUB_SERVICE',
      message: 'is "true" but JUPYTERHUB_USER and JUPYTERHUB_API_TOKEN are not both set'
    });
  }
  if (isHubService && !rawUrl) {
    problems.push({
      variable: 'GLOBUS_TRANSFER_SUBMISSION_IS_HUB_SERVICE',
      message: 'is "true" but GLOBUS_TRANSFER_SUBMISSION_URL is not set'
    });
  }
  return submissionUrl && scope ? { url: submissionUrl, scope, isHubService } : null;
}

function checkTokenPath(path: string, problems: ConfigProblem[]): void {
  const variable = 'GLOBUS_TOKEN_STORAGE_PATH';
  if (!isAbsolute(path)) {
    problems.push({
      variable,
      message: `must be an absolute path (or start with ~), got "${path}"`
    });
    return;
  }
  if (/[\\/]$/.test(path)) {
    problems.push({ variable, message: `must name a file, not a folder: "${path}"` });
    return;
  }
  try {
    if (statSync(path).isDirectory()) {
      problems.push({ variable, message: `must name a file, but "${path}" is a folder` });
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      problems.push({ variable, message: `cannot be read: ${(error as Error).message}` });
    }
  }
}

/** "~" expands to the local user's home, as in the original (pathlib expanduser). */
export function expandHome(path: string, homeDir: string): string {
  if (path === '~') return homeDir;
  if (path.startsWith('~/') || path.startsWith('~\\')) return join(homeDir, path.slice(2));
  return path;
}

function isHttpUrl(value: string): boolean {
  try {
    const parsed = new URL(value);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:';
  } catch {
    return false;
  }
}

function stripSlash(value: string | null): string | null {
  return value === null ? null : value.replace(/\/+$/, '');
}
