/**
 * The token file, in the format the original wrote: globus-sdk-python's
 * SimpleJSONFileAdapter (src/globus_sdk/tokenstorage/file_adapters.py, format "1.0"):
 *
 *   {"globus-sdk.version": "...", "format_version": "1.0",
 *    "by_rs": {"<resource server>": {"scope", "access_token", "refresh_token",
 *              "token_type", "expires_at_seconds", "resource_server"}}}
 *
 * so a user migrating from the Python extension stays logged in, and vice versa.
 * Written atomically (temporary file in the same folder, then rename) with mode 0600.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm, unlink } from 'node:fs/promises';
import { readFileSync, renameSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

export const FORMAT_VERSION = '1.0';
/** What we write as the writer's version: any string satisfies the SDK's reader. */
export const WRITER_VERSION = 'globus-jupyterlab-ts';

export interface StoredToken {
  scope: string;
  access_token: string;
  refresh_token: string | null;
  token_type: string;
  expires_at_seconds: number;
  resource_server: string;
}

export type TokensByResourceServer = Record<string, StoredToken>;

export interface TokenFileLog {
  warn(message: string): void;
}

export type LoadResult =
  | { kind: 'missing' }
  | { kind: 'loaded'; tokens: TokensByResourceServer }
  | { kind: 'corrupt'; movedTo: string; reason: string };

/**
 * Reads the file. A file we cannot understand is moved aside (never overwritten) so the
 * user can inspect it; the caller starts logged out.
 */
export function loadTokenFile(path: string, log: TokenFileLog): LoadResult {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' };
    throw error;
  }
  const parsed = parseTokenFile(text);
  if (parsed.ok) return { kind: 'loaded', tokens: parsed.tokens };
  const movedTo = `${path}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  renameSync(path, movedTo);
  log.warn(
    `The token file ${path} could not be read (${parsed.reason}); it was moved to ${movedTo}. ` +
      'Log in again to create a new one.'
  );
  return { kind: 'corrupt', movedTo, reason: parsed.reason };
}

type ParseResult = { ok: true; tokens: TokensByResourceServer } | { ok: false; reason: string };

/** The same checks as the SDK's `_handle_formats`, plus a shape check of each token. */
export function parseTokenFile(text: string): ParseResult {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'not valid JSON' };
  }
  if (!isRecord(data)) return { ok: false, reason: 'the root is not a JSON object' };
  if (data.format_version !== FORMAT_VERSION) {
    return { ok: false, reason: `unknown format_version ${JSON.stringify(data.format_version)}` };
  }
  if (!isRecord(data.by_rs)) return { ok: false, reason: '"by_rs" is missing or not an object' };
  const tokens: TokensByResourceServer = {};
  for (const [resourceServer, entry] of Object.entries(data.by_rs)) {
    const token = toStoredToken(resourceServer, entry);
    if (!token) return { ok: false, reason: `the "${resourceServer}" entry is malformed` };
    tokens[resourceServer] = token;
  }
  return { ok: true, tokens };
}

function toStoredToken(resourceServer: string, entry: unknown): StoredToken | null {
  if (!isRecord(entry)) return null;
  const { access_token, refresh_token, expires_at_seconds, scope, token_type } = entry;
  if (typeof access_token !== 'string' || typeof expires_at_seconds !== 'number') return null;
  if (refresh_token !== undefined && refresh_token !== null && typeof refresh_token !== 'string') {
    return null;
  }
  return {
    scope: typeof scope === 'string' ? scope : '',
    access_token,
    refresh_token: typeof refresh_token === 'string' ? refresh_token : null,
    token_type: typeof token_type === 'string' ? token_type : 'Bearer',
    expires_at_seconds,
    resource_server: resourceServer
  };
}

export function serializeTokenFile(tokens: TokensByResourceServer): string {
  return JSON.stringify({
    'globus-sdk.version': WRITER_VERSION,
    format_version: FORMAT_VERSION,
    by_rs: tokens
  });
}

/**
 * Temporary file created 0600 in the target's folder (so rename is atomic on the same
 * file system), flushed, then renamed over the target.
 */
export async function writeTokenFileAtomically(
  path: string,
  tokens: TokensByResourceServer
): Promise<void> {
  const folder = dirname(path);
  await mkdir(folder, { recursive: true, mode: 0o700 });
  const temporary = join(folder, `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(temporary, 'wx', 0o600);
  try {
    await handle.writeFile(serializeTokenFile(tokens), 'utf8');
    // The mode given to open() is filtered by the umask; make sure it is exactly 0600.
    await handle.chmod(0o600);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

export async function deleteTokenFile(path: string): Promise<void> {
  try {
    await unlink(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
