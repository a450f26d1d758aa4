/**
 * The native-app PKCE login (globus-api.md §1.2): a fresh verifier per login, an
 * unguessable `state` bound server-side to that verifier and to the redirect_uri, and an
 * expiry so a stale authorize URL cannot complete a login.
 */
import { createHash, randomBytes } from 'node:crypto';

/** How long an authorize URL may be pending before its state is refused. */
export const LOGIN_STATE_TTL_MS = 15 * 60_000;
/** At most this many logins pending at once; the oldest are forgotten first. */
const MAX_PENDING = 64;

export interface PendingLogin {
  verifier: string;
  redirectUri: string;
  createdAt: number;
}

export function newVerifier(): string {
  // PY native_app.py: urlsafe base64 of 32 random bytes, unpadded (43 characters).
  return randomBytes(32).toString('base64url');
}

export function challengeFor(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url');
}

export class PendingLogins {
  private readonly pending = new Map<string, PendingLogin>();

  constructor(private readonly now: () => number) {}

  /** Remembers a login and returns its state. */
  start(login: Omit<PendingLogin, 'createdAt'>): string {
    this.prune();
    const state = randomBytes(24).toString('base64url');
    this.pending.set(state, { ...login, createdAt: this.now() });
    while (this.pending.size > MAX_PENDING) {
      const oldest = this.pending.keys().next().value;
      if (oldest === undefined) break;
      this.pending.delete(oldest);
    }
    return state;
  }

  /** The login for `state`, once: unknown or expired states give null. */
  take(state: string): PendingLogin | null {
    this.prune();
    const login = this.pending.get(state) ?? null;
    this.pending.delete(state);
    return login;
  }

  /**
   * The copy-code page shows only the code, not the state (§1.3), so the manual callback
   * finishes the newest pending login; its verifier and redirect_uri go with the code.
   */
  takeNewest(): PendingLogin | null {
    this.prune();
    let newest: [string, PendingLogin] | null = null;
    for (const entry of this.pending) {
      if (!newest || entry[1].createdAt >= newest[1].createdAt) newest = entry;
    }
    if (!newest) return null;
    this.pending.delete(newest[0]);
    return newest[1];
  }

  private prune(): void {
    const cutoff = this.now() - LOGIN_STATE_TTL_MS;
    for (const [state, login] of this.pending) {
      if (login.createdAt <= cutoff) this.pending.delete(state);
    }
  }
}

export interface AuthorizeUrlInput {
  authBaseUrl: string;
  clientId: string;
  redirectUri: string;
  scopes: string;
  state: string;
  challenge: string;
  refreshTokens: boolean;
  namedGrant: string;
  /** Session parameters and prompt, passed through (§1.2). */
  extra: Record<string, string | undefined>;
}

/** What PY's `oauth2_get_authorize_url` emits, with `query_params` merged on top (§1.2). */
export function authorizeUrl(input: AuthorizeUrlInput): string {
  const params = new URLSearchParams({
    client_id: input.clientId,
    redirect_uri: input.redirectUri,
    scope: input.scopes,
    state: input.state,
    response_type: 'code',
    code_challenge: input.challenge,
    code_challenge_method: 'S256',
    access_type: input.refreshTokens ? 'offline' : 'online',
    prefill_named_grant: input.namedGrant
  });
  for (const [key, value] of Object.entries(input.extra)) {
    if (value !== undefined && value !== '') params.set(key, value);
  }
  return `${input.authBaseUrl}/v2/oauth2/authorize?${params.toString()}`;
}
