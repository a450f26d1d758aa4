/** Shared helpers for the sandbox tests: a real HTTP client against the in-process sandbox. */
import { randomBytes } from 'node:crypto';
import { DEFAULT_CLIENT_ID, s256Challenge, type Sandbox } from '../../sandbox';

export const TRANSFER_SCOPE = 'urn:globus:auth:scope:transfer.api.globus.org:all';

export interface JsonResponse {
  status: number;
  body: Record<string, unknown>;
  headers: Headers;
}

export async function call(
  sandbox: Sandbox,
  method: string,
  path: string,
  opts: {
    token?: string;
    json?: unknown;
    form?: Record<string, string>;
    headers?: Record<string, string>;
  } = {}
): Promise<JsonResponse> {
  const headers: Record<string, string> = { ...(opts.headers ?? {}) };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  let body: string | undefined;
  if (opts.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(opts.json);
  } else if (opts.form) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(opts.form).toString();
  }
  const response = await fetch(`${sandbox.url}${path}`, {
    method,
    headers,
    body,
    redirect: 'manual'
  });
  const text = await response.text();
  let parsed: Record<string, unknown>;
  try {
    parsed = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    parsed = { __text: text };
  }
  return { status: response.status, body: parsed, headers: response.headers };
}

export function transferToken(
  sandbox: Sandbox,
  extraScopes: string[] = [],
  identityId?: string
): string {
  const scope = extraScopes.length ? `${TRANSFER_SCOPE}[${extraScopes.join(' ')}]` : TRANSFER_SCOPE;
  const tokens = sandbox.issueTokens({ scopes: [scope], identityId });
  return tokens.access_token;
}

export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: s256Challenge(verifier) };
}

export const REDIRECT_URI = 'http://127.0.0.1:8888/globus-jupyterlab/oauth_callback';

export function authorizeUrl(sandbox: Sandbox, params: Record<string, string>): string {
  const url = new URL(`${sandbox.url}/v2/oauth2/authorize`);
  const all = {
    client_id: DEFAULT_CLIENT_ID,
    redirect_uri: REDIRECT_URI,
    response_type: 'code',
    state: 'st-123',
    ...params
  };
  for (const [k, v] of Object.entries(all)) url.searchParams.set(k, v);
  return url.toString();
}

/** Full browser-style login: authorize → approve → token exchange. */
export async function login(
  sandbox: Sandbox,
  scope: string,
  opts: { identityId?: string; extra?: Record<string, string> } = {}
): Promise<Record<string, unknown>> {
  const { verifier, challenge } = pkcePair();
  const redirect = await sandbox.approve(
    authorizeUrl(sandbox, {
      scope,
      code_challenge: challenge,
      code_challenge_method: 'S256',
      ...opts.extra
    }),
    { identityId: opts.identityId }
  );
  const code = new URL(redirect).searchParams.get('code');
  if (!code) throw new Error(`no code in ${redirect}`);
  const response = await call(sandbox, 'POST', '/v2/oauth2/token', {
    form: {
      grant_type: 'authorization_code',
      code,
      client_id: DEFAULT_CLIENT_ID,
      code_verifier: verifier,
      redirect_uri: REDIRECT_URI
    }
  });
  if (response.status !== 200)
    throw new Error(`token exchange ${response.status}: ${JSON.stringify(response.body)}`);
  return response.body;
}

export function tokenFor(doc: Record<string, unknown>, resourceServer: string): string {
  const all = [doc, ...((doc.other_tokens as Array<Record<string, unknown>>) ?? [])];
  const found = all.find(t => t.resource_server === resourceServer);
  if (!found) throw new Error(`no token for ${resourceServer}`);
  return found.access_token as string;
}
