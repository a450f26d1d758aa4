/**
 * The user's Globus tokens: held in memory, persisted to the token file
 * (token-file.ts), dropped when expired, refreshed when GLOBUS_REFRESH_TOKENS=true —
 * one refresh per resource server at a time however many requests wait for it.
 */
import type { GlobusAuth, TokenDocument, TokenResponse } from './globus/auth';
import { GlobusApiError } from './globus/http';
import {
  deleteTokenFile,
  loadTokenFile,
  writeTokenFileAtomically,
  type StoredToken,
  type TokenFileLog,
  type TokensByResourceServer
} from './token-file';

/** Refresh this long before expiry, so a token never expires on its way to Globus. */
const REFRESH_MARGIN_MS = 60_000;

export interface TokenStoreOptions {
  path: string;
  refreshTokens: boolean;
  auth: GlobusAuth;
  now: () => number;
  log: TokenFileLog;
}

export class TokenStore {
  private tokens: TokensByResourceServer = {};
  private readonly refreshing = new Map<string, Promise<StoredToken | null>>();
  private writes: Promise<void> = Promise.resolve();

  constructor(private readonly options: TokenStoreOptions) {}

  /** Reads the token file (a corrupt one is moved aside with a warning). */
  load(): void {
    const result = loadTokenFile(this.options.path, this.options.log);
    this.tokens = result.kind === 'loaded' ? result.tokens : {};
  }

  /**
   * Tokens a hub handed over (GLOBUS_TOKENS_JSON, server-ts/hub/globus-data.ts) fill in the
   * resource servers the token file lacks: the user's own login wins. They stay in memory
   * until a change is persisted. Returns the resource servers adopted.
   */
  adopt(imported: TokensByResourceServer): string[] {
    const adopted = Object.keys(imported).filter(rs => !this.tokens[rs]);
    for (const rs of adopted) this.tokens[rs] = { ...imported[rs] };
    return adopted;
  }

  /** Every stored token, expired or not (logout revokes them all). */
  all(): StoredToken[] {
    return Object.values(this.tokens);
  }

  /** Logged in = a usable Transfer token (the original's 1.0.0b3 fix: expired is not). */
  isUsable(resourceServer: string): boolean {
    const token = this.tokens[resourceServer];
    if (!token) return false;
    return !this.isExpired(token, 0) || this.canRefresh(token);
  }

  /**
   * A token for `resourceServer` that is valid now: refreshed if it is about to expire and
   * refresh tokens are enabled; dropped (and null returned) if it expired otherwise.
   */
  async get(resourceServer: string): Promise<StoredToken | null> {
    const token = this.tokens[resourceServer];
    if (!token) return null;
    if (this.canRefresh(token)) {
      return this.isExpired(token, REFRESH_MARGIN_MS) ? this.refresh(resourceServer) : token;
    }
    if (!this.isExpired(token, 0)) return token;
    await this.drop(resourceServer);
    return null;
  }

  /**
   * Globus said the token is not valid (401): refresh it if we can, else forget it.
   * `rejected` is the access token Globus refused, so concurrent callers that already got
   * a new token do not refresh again.
   */
  async rejected(resourceServer: string, rejectedAccessToken: string): Promise<StoredToken | null> {
    const token = this.tokens[resourceServer];
    if (!token) return null;
    if (token.access_token !== rejectedAccessToken) return token;
    if (this.canRefresh(token)) return this.refresh(resourceServer);
    await this.drop(resourceServer);
    return null;
  }

  /** Stores every token of a login's token response (the SDK's `by_rs.update`). */
  async storeResponse(response: TokenResponse): Promise<void> {
    for (const document of [response, ...(response.other_tokens ?? [])]) {
      this.tokens[document.resource_server] = this.toStored(document, null);
    }
    await this.persist();
  }

  async clear(): Promise<void> {
    this.tokens = {};
    await this.enqueue(() => deleteTokenFile(this.options.path));
  }

  private async drop(resourceServer: string): Promise<void> {
    delete this.tokens[resourceServer];
    await this.persist();
  }

  private refresh(resourceServer: string): Promise<StoredToken | null> {
    const pending = this.refreshing.get(resourceServer);
    if (pending) return pending;
    const run = this.doRefresh(resourceServer).finally(() =>
      this.refreshing.delete(resourceServer)
    );
    this.refreshing.set(resourceServer, run);
    return run;
  }

  private async doRefresh(resourceServer: string): Promise<StoredToken | null> {
    const token = this.tokens[resourceServer];
    if (!token?.refresh_token) return null;
    let response: TokenResponse;
    try {
      response = await this.options.auth.refresh(token.refresh_token);
    } catch (error) {
      // invalid_grant (revoked or expired refresh token, §1.5): the user must log in again,
      // as the original purged its storage. Network trouble is rethrown as such.
      if (error instanceof GlobusApiError && error.status >= 400 && error.status < 500) {
        this.options.log.warn(
          `Refreshing the ${resourceServer} token failed (${error.code}); login required`
        );
        await this.drop(resourceServer);
        return null;
      }
      throw error;
    }
    // A logout while the refresh was in flight wins: do not bring the tokens back.
    if (this.tokens[resourceServer] !== token) return this.tokens[resourceServer] ?? null;
    for (const document of [response, ...(response.other_tokens ?? [])]) {
      const previous = this.tokens[document.resource_server];
      this.tokens[document.resource_server] = this.toStored(
        document,
        previous?.refresh_token ?? null
      );
    }
    await this.persist();
    return this.tokens[resourceServer] ?? null;
  }

  private toStored(document: TokenDocument, previousRefresh: string | null): StoredToken {
    return {
      scope: document.scope,
      access_token: document.access_token,
      // Auth may not repeat the refresh token in a refresh answer; keep the one we had.
      refresh_token: document.refresh_token ?? previousRefresh,
      token_type: document.token_type ?? 'Bearer',
      expires_at_seconds: Math.floor(this.options.now() / 1000) + document.expires_in,
      resource_server: document.resource_server
    };
  }

  private canRefresh(token: StoredToken): boolean {
    return this.options.refreshTokens && !!token.refresh_token;
  }

  private isExpired(token: StoredToken, marginMs: number): boolean {
    return token.expires_at_seconds * 1000 <= this.options.now() + marginMs;
  }

  private persist(): Promise<void> {
    const snapshot = { ...this.tokens };
    return this.enqueue(() => writeTokenFileAtomically(this.options.path, snapshot));
  }

  /** File writes happen one after another, in the order the changes were made. */
  private enqueue(write: () => Promise<void>): Promise<void> {
    const next = this.writes.then(write, write);
    this.writes = next.catch(() => undefined);
    return next;
  }
}
