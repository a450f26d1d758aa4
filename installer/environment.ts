import * as os from 'node:os';
import {
  ConfigError,
  DEFAULT_AUTH_URL,
  DEFAULT_TRANSFER_URL,
  loadConfig
} from '../server-ts/config';
import { detectLocalGcp, gcpDataDir } from '../server-ts/gcp';
import type { Check } from './doctor';

/**
 * The GLOBUS_* environment, checked by the shim's own validator (server-ts/config.ts) so doctor
 * and the shim can never disagree about what is valid. The shim inherits the Jupyter server's
 * environment, so this is only meaningful when doctor runs where Jupyter is started.
 */
export function environmentChecks(env: NodeJS.ProcessEnv): Check[] {
  return [settingsCheck(env), gcpCheck(env)];
}

function settingsCheck(env: NodeJS.ProcessEnv): Check {
  const name = 'GLOBUS_* settings';
  try {
    const config = loadConfig(env, {
      homeDir: os.homedir(),
      cwd: process.cwd(),
      platform: process.platform
    });
    const notes = [
      config.collectionId
        ? `collection ${config.collectionId} (from ${config.collectionIdSource})`
        : 'no local collection (set GLOBUS_COLLECTION_ID, or install Globus Connect Personal)',
      `tokens in ${config.tokenStoragePath}`,
      config.refreshTokens ? 'refresh tokens on' : 'refresh tokens off',
      config.manualCopyCode ? 'copy-code login' : 'popup login'
    ];
    if (
      config.authBaseUrl !== DEFAULT_AUTH_URL ||
      config.transferBaseUrl !== DEFAULT_TRANSFER_URL
    ) {
      notes.push(`Globus services at ${config.authBaseUrl} and ${config.transferBaseUrl}`);
    }
    if (config.transferSubmission) {
      notes.push(`transfers submitted to ${config.transferSubmission.url}`);
    }
    return {
      name,
      status: config.collectionId ? 'ok' : 'warn',
      detail: notes.join('; '),
      hint: config.collectionId
        ? undefined
        : 'without a local collection, transfers cannot be submitted'
    };
  } catch (error) {
    if (error instanceof ConfigError) {
      return {
        name,
        status: 'fail',
        detail: error.problems.map(p => `${p.variable} ${p.message}`).join('; '),
        hint: 'fix these variables where Jupyter is started (docs/install.md lists them all)'
      };
    }
    return { name, status: 'fail', detail: (error as Error).message };
  }
}

/** Globus Connect Personal, found the way globus-sdk-python does (globus-api.md §3). */
function gcpCheck(env: NodeJS.ProcessEnv): Check {
  const name = 'Globus Connect Personal';
  const location = {
    platform: process.platform,
    homeDir: os.homedir(),
    localAppData: env.LOCALAPPDATA
  };
  try {
    const gcp = detectLocalGcp(location);
    if (!gcp) {
      return {
        name,
        status: 'info',
        detail: `not installed (nothing in ${gcpDataDir(location) ?? 'LOCALAPPDATA'})`
      };
    }
    const owner = gcp.owner ? (gcp.owner.username ?? `identity ${gcp.owner.id}`) : 'owner unknown';
    return {
      name,
      status: gcp.endpointId ? 'ok' : 'warn',
      detail: `${gcp.dataDir}: endpoint ${gcp.endpointId ?? 'id missing (client-id.txt)'}, ${owner}`,
      hint: gcp.endpointId ? undefined : 'run Globus Connect Personal setup again'
    };
  } catch (error) {
    return {
      name,
      status: 'warn',
      detail: `could not read its files: ${(error as Error).message}`
    };
  }
}
