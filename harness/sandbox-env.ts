// The shim's environment for a session against the Globus sandbox, shared by the e2e suite and
// `npm run demo`: Globus is reached only through the service base URLs, and the Jupyter root is
// the sandbox's Globus Connect Personal collection.
import type { Sandbox } from '../sandbox';

export interface SandboxShimFiles {
  /** Where the shim keeps its tokens (GLOBUS_TOKEN_STORAGE_PATH). */
  tokenFile: string;
  /** A private HOME: a developer's real ~/.globusonline (GCP) must not be detected. */
  home: string;
}

export function sandboxShimEnv(sandbox: Sandbox, files: SandboxShimFiles): Record<string, string> {
  return {
    GLOBUS_SDK_SERVICE_URL_AUTH: sandbox.url,
    GLOBUS_SDK_SERVICE_URL_TRANSFER: sandbox.url,
    // The sandbox's GCP collection is rooted at the Jupyter root, so collection path "/" is it.
    GLOBUS_COLLECTION_ID: sandbox.ids.gcp,
    GLOBUS_COLLECTION_PATH: '/',
    GLOBUS_TOKEN_STORAGE_PATH: files.tokenFile,
    GLOBUS_REFRESH_TOKENS: 'true',
    HOME: files.home
  };
}
