/**
 * Globus tokens handed over by a JupyterHub that logs its users in with
 * GlobusOAuthenticator.
 *
 * The authenticator's `pre_spawn_start` exports the user's `auth_state` as
 * `GLOBUS_DATA = base64(pickle.dumps(auth_state))` and the hub's collection as
 * `GLOBUS_LOCAL_ENDPOINT` (jupyter-ecosystem.md §2.6; oauthenticator/globus.py); the
 * latter is config.ts's third choice of local collection.
 * The Python original unpickled GLOBUS_DATA. A pickle is executable: loading one
 * runs whatever code it names, so this Node server NEVER decodes it, not even
 * its base64. Instead a hub admin adds a small hook that exports the same
 * tokens as JSON in GLOBUS_TOKENS_JSON (docs/jupyterhub.md, "Tokens from
 * GlobusOAuthenticator"); when only GLOBUS_DATA is present we say so, once, at
 * start, so an admin who expected hub-login tokens knows why there are none.
 *
 * Accepted GLOBUS_TOKENS_JSON forms (both what Python's
 * `OAuthTokenResponse.by_resource_server` looks like, globus-api.md §1.4):
 *   {"transfer.api.globus.org": {"access_token": "…", "expires_at_seconds": 1767225600,
 *                                "scope": "urn:globus:auth:scope:transfer.api.globus.org:all",
 *                                "refresh_token": "…"|null, "token_type": "Bearer",
 *                                "resource_server": "transfer.api.globus.org"}, …}
 *   {"tokens": { …the same map… }, …}   (the whole auth_state, as the authenticator keeps it)
 * Either may also be given base64-encoded (standard or URL-safe alphabet).
 */

export const TOKENS_JSON_VARIABLE = 'GLOBUS_TOKENS_JSON';
export const PICKLED_DATA_VARIABLE = 'GLOBUS_DATA';

/** One imported token, keyed by its resource server (globus-api.md §1.4: "always index by resource_server"). */
export interface HubToken {
  resource_server: string;
  access_token: string;
  /**
   * Always null: the hub's tokens were issued to the hub's confidential client,
   * so this server's native client cannot refresh them (Auth answers
   * invalid_grant, globus-api.md §1.5), and a refresh token we cannot use is
   * not worth writing to disk.
   */
  refresh_token: null;
  expires_at_seconds: number;
  scope: string;
  token_type: string;
}

export type NoticeLevel = 'info' | 'warn' | 'error';

export interface Notice {
  level: NoticeLevel;
  message: string;
}

export interface HubTokenImport {
  /** Unexpired tokens by resource server; empty when nothing usable was handed over. */
  tokens: Record<string, HubToken>;
  /** What to log once at start. Never contains a token. */
  notices: Notice[];
}

/** GLOBUS_TOKENS_JSON was present but unusable; the message names what was wrong. */
export class HubTokensError extends Error {
  constructor(message: string) {
    super(`${TOKENS_JSON_VARIABLE}: ${message}`);
    this.name = 'HubTokensError';
  }
}

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function requireString(entry: JsonObject, key: string, where: string): string {
  const value = entry[key];
  if (typeof value !== 'string' || value.trim() === '') {
    throw new HubTokensError(`${where}.${key} must be a non-empty string`);
  }
  return value;
}

function parseEntry(resourceServer: string, entry: unknown): HubToken {
  const where = `"${resourceServer}"`;
  if (!isObject(entry)) {
    throw new HubTokensError(
      `${where} must be an object with access_token, expires_at_seconds and scope`
    );
  }
  const accessToken = requireString(entry, 'access_token', where);
  const scope = requireString(entry, 'scope', where);
  const expires = entry.expires_at_seconds;
  if (typeof expires !== 'number' || !Number.isInteger(expires) || expires <= 0) {
    throw new HubTokensError(
      `${where}.expires_at_seconds must be a positive integer (Unix seconds)`
    );
  }
  const declared = entry.resource_server;
  if (declared !== undefined && declared !== resourceServer) {
    throw new HubTokensError(
      `${where}.resource_server is "${String(declared)}", expected the key "${resourceServer}"`
    );
  }
  const tokenType = entry.token_type;
  if (
    tokenType !== undefined &&
    (typeof tokenType !== 'string' || tokenType.toLowerCase() !== 'bearer')
  ) {
    throw new HubTokensError(`${where}.token_type must be "Bearer" when given`);
  }
  return {
    resource_server: resourceServer,
    access_token: accessToken,
    refresh_token: null,
    expires_at_seconds: expires,
    scope,
    token_type: 'Bearer'
  };
}

const BASE64_PATTERN = /^[A-Za-z0-9+/_-]+={0,2}$/;

function decodeBase64Json(text: string): string {
  if (!BASE64_PATTERN.test(text)) {
    throw new HubTokensError('must be a JSON object, or that JSON base64-encoded');
  }
  const decoded = Buffer.from(text, 'base64').toString('utf8').trim();
  if (!decoded.startsWith('{')) {
    throw new HubTokensError('base64 value does not decode to a JSON object');
  }
  return decoded;
}

/**
 * Parse GLOBUS_TOKENS_JSON's text into tokens by resource server.
 * Throws HubTokensError naming the first thing that is wrong.
 */
export function parseHubTokensJson(text: string): Record<string, HubToken> {
  const trimmed = text.trim();
  // The base64 form exists because KubeSpawner formats `{username}`-style
  // templates in every environment value, and a JSON object's braces break
  // that formatting (jupyterhub/kubespawner#743). Base64 of JSON is still just
  // JSON: nothing here ever runs code from the variable.
  const json = trimmed.startsWith('{') ? trimmed : decodeBase64Json(trimmed);
  let document: unknown;
  try {
    document = JSON.parse(json);
  } catch (error) {
    throw new HubTokensError(`not valid JSON (${(error as Error).message})`);
  }
  if (!isObject(document)) {
    throw new HubTokensError('must be a JSON object keyed by resource server');
  }
  const byResourceServer = isObject(document.tokens) ? document.tokens : document;
  const entries = Object.entries(byResourceServer);
  if (entries.length === 0) {
    throw new HubTokensError('holds no tokens');
  }
  const tokens: Record<string, HubToken> = {};
  for (const [resourceServer, entry] of entries) {
    tokens[resourceServer] = parseEntry(resourceServer, entry);
  }
  return tokens;
}

/**
 * Read the hub-handed tokens from the environment, once, at start. Never
 * throws: a broken variable must not stop the user's own Globus login from
 * working, so problems come back as `error` notices.
 */
export function importHubTokens(
  env: NodeJS.ProcessEnv,
  nowSeconds = Math.floor(Date.now() / 1000)
): HubTokenImport {
  const notices: Notice[] = [];
  const text = env[TOKENS_JSON_VARIABLE];
  const hasPickle = Boolean(env[PICKLED_DATA_VARIABLE]);
  const hasJson = text !== undefined && text.trim() !== '';

  if (hasPickle) {
    notices.push({
      level: 'warn',
      message: hasJson
        ? `${PICKLED_DATA_VARIABLE} is set but unused: it is a Python pickle, which this server never loads; using ${TOKENS_JSON_VARIABLE} instead.`
        : `${PICKLED_DATA_VARIABLE} is set but unused: it is a Python pickle, which this server never loads. ` +
          `To reuse the hub's Globus login, export the tokens as JSON in ${TOKENS_JSON_VARIABLE} (docs/jupyterhub.md); ` +
          'until then users log in to Globus from JupyterLab.'
    });
  }
  if (!hasJson) {
    return { tokens: {}, notices };
  }

  let parsed: Record<string, HubToken>;
  try {
    parsed = parseHubTokensJson(text);
  } catch (error) {
    notices.push({ level: 'error', message: `${(error as Error).message}; hub tokens ignored.` });
    return { tokens: {}, notices };
  }

  const tokens: Record<string, HubToken> = {};
  for (const [resourceServer, token] of Object.entries(parsed)) {
    if (token.expires_at_seconds <= nowSeconds) {
      notices.push({
        level: 'warn',
        message: `${TOKENS_JSON_VARIABLE}: the token for ${resourceServer} expired at ${new Date(
          token.expires_at_seconds * 1000
        ).toISOString()}; ignored.`
      });
      continue;
    }
    tokens[resourceServer] = token;
  }
  const names = Object.keys(tokens);
  if (names.length > 0) {
    notices.push({
      level: 'info',
      message: `${TOKENS_JSON_VARIABLE}: imported hub tokens for ${names.join(', ')} (no refresh: they belong to the hub's client).`
    });
  }
  return { tokens, notices };
}
