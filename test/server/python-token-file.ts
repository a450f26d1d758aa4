/**
 * A token file as the Python extension leaves it (globus-sdk SimpleJSONFileAdapter,
 * format "1.0") for a sandbox token response: one entry per resource server, no refresh
 * token. Built here, not by the shim's writer, so that reading it proves compatibility
 * with the original; the server benchmark uses it to start logged in.
 */
import { writeFileSync } from 'node:fs';
import type { TokenResponse } from '../../sandbox';

export function writePythonTokenFile(
  path: string,
  issued: TokenResponse,
  sdkVersion: string
): void {
  const now = Math.floor(Date.now() / 1000);
  const byRs: Record<string, unknown> = {};
  for (const doc of [issued, ...(issued.other_tokens ?? [])]) {
    byRs[doc.resource_server] = {
      scope: doc.scope,
      access_token: doc.access_token,
      refresh_token: null,
      token_type: 'Bearer',
      expires_at_seconds: now + doc.expires_in,
      resource_server: doc.resource_server
    };
  }
  writeFileSync(
    path,
    JSON.stringify({ 'globus-sdk.version': sdkVersion, format_version: '1.0', by_rs: byRs }),
    { mode: 0o600 }
  );
}
