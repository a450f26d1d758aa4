/**
 * Globus Auth's bookkeeping: sessions (which identities authenticated when),
 * consents, authorization codes and tokens. Models globus-api.md §1.10.
 */
import { createHash, createSign, generateKeyPairSync, KeyObject, randomUUID } from 'node:crypto';
import { Clock } from '../clock';
import { IDENTITIES, SandboxIdentity } from '../catalogue';
import { opaqueToken } from '../util';
import {
  AUTH_RS,
  ScopeNode,
  TRANSFER_ALL,
  dataAccessCollection,
  flattenScopes,
  resourceServerOf,
  serializeScope
} from './scopes';

export interface Authentication {
  auth_time: number;
  mfa: boolean;
}

/** The browser login session of one person (account). */
export interface AuthSession {
  session_id: string;
  account: string;
  /** identity id → when it last authenticated (seconds). */
  authentications: Record<string, Authentication>;
}

export interface TokenRecord {
  token: string;
  kind: 'access' | 'refresh';
  grant_id: string;
  client_id: string;
  resource_server: string;
  /** Top-level scopes of this resource server, serialised with their dependencies. */
  scopes: string[];
  /** Every dependent scope path granted under this token (`A > B`). */
  dependent_scopes: string[];
  /** Collections whose data_access was consented beneath transfer:all (Transfer token only). */
  data_access: string[];
  identity_id: string;
  account: string;
  session: AuthSession;
  issued_at: number;
  /** null for refresh tokens: Globus refresh tokens do not expire on a clock. */
  expires_at: number | null;
}

export interface ConsentRecord {
  account: string;
  identity_id: string;
  client_id: string;
  /** A scope path, `transfer:all > https://…/data_access` for a dependency. */
  scope: string;
  granted_at: number;
}

export interface CodeRecord {
  code: string;
  client_id: string;
  redirect_uri: string;
  code_challenge: string;
  code_challenge_method: 'S256' | 'plain';
  scopes: ScopeNode[];
  offline: boolean;
  identity_id: string;
  session: AuthSession;
  state: string | undefined;
  expires_at: number;
  used: boolean;
}

export interface TokenDocument {
  access_token: string;
  scope: string;
  expires_in: number;
  token_type: 'Bearer';
  resource_server: string;
  state?: string;
  refresh_token?: string | null;
  id_token?: string;
  other_tokens?: TokenDocument[];
}

export type TokenProblem = 'unknown' | 'expired' | 'revoked';

export class AuthStore {
  readonly sessions = new Map<string, AuthSession>();
  readonly tokens = new Map<string, TokenRecord>();
  readonly revoked = new Set<string>();
  readonly consents: ConsentRecord[] = [];
  readonly codes = new Map<string, CodeRecord>();
  /** Users' S3 connector credentials (what the web app's "register credential" does). */
  readonly s3Credentials = new Set<string>();
  /** GCSv4 activations: `${account}:${endpoint}` → expiry (seconds). */
  readonly activations = new Map<string, number>();
  /** Made on first use: RSA key generation costs ~0.3 s, and most tests never need an id_token. */
  private keys: { privateKey: KeyObject; jwk: Record<string, unknown> } | null = null;
  readonly keyId = 'sandbox-key-1';

  constructor(
    private readonly clock: Clock,
    private readonly accessTokenLifetimeSeconds: number,
    private readonly issuer: () => string
  ) {}

  private signingKeys(): { privateKey: KeyObject; jwk: Record<string, unknown> } {
    if (!this.keys) {
      const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      const jwk = {
        ...publicKey.export({ format: 'jwk' }),
        alg: 'RS512',
        use: 'sig',
        kid: this.keyId
      };
      this.keys = { privateKey, jwk };
    }
    return this.keys;
  }

  /** The public half of the id_token signing key (`/jwk.json`). */
  get publicJwk(): Record<string, unknown> {
    return this.signingKeys().jwk;
  }

  identity(id: string): SandboxIdentity | undefined {
    return IDENTITIES.find(i => i.id === id);
  }

  identityOrThrow(id: string): SandboxIdentity {
    const identity = this.identity(id);
    if (!identity) {
      throw new Error(
        `unknown identity id "${id}"; known: ${IDENTITIES.map(i => `${i.id} (${i.username})`).join(', ')}`
      );
    }
    return identity;
  }

  accountIdentities(account: string): SandboxIdentity[] {
    return IDENTITIES.filter(i => i.account === account);
  }

  /**
   * The person logs in with `identityId`. An identity already in the session
   * keeps its auth time unless `forceLogin` (prompt=login) asks for a fresh one.
   */
  authenticate(identityId: string, opts: { forceLogin: boolean; mfa: boolean }): AuthSession {
    const identity = this.identityOrThrow(identityId);
    let session = this.sessions.get(identity.account);
    if (!session) {
      session = { session_id: randomUUID(), account: identity.account, authentications: {} };
      this.sessions.set(identity.account, session);
    }
    const previous = session.authentications[identityId];
    if (!previous || opts.forceLogin || (opts.mfa && !previous.mfa)) {
      session.authentications[identityId] = {
        auth_time: this.clock.nowSeconds(),
        mfa: opts.mfa || (previous?.mfa ?? false)
      };
    }
    return snapshot(session);
  }

  recordConsents(identityId: string, clientId: string, scopes: ScopeNode[]): void {
    const identity = this.identityOrThrow(identityId);
    for (const scope of flattenScopes(scopes)) {
      const known = this.consents.some(
        c => c.account === identity.account && c.client_id === clientId && c.scope === scope
      );
      if (!known) {
        this.consents.push({
          account: identity.account,
          identity_id: identityId,
          client_id: clientId,
          scope,
          granted_at: this.clock.nowSeconds()
        });
      }
    }
  }

  createCode(record: Omit<CodeRecord, 'code' | 'used' | 'expires_at'>): string {
    const code = opaqueToken();
    // Authorization codes are short-lived (10 minutes is the OAuth2 RFC's advice).
    this.codes.set(code, {
      ...record,
      code,
      used: false,
      expires_at: this.clock.nowSeconds() + 600
    });
    return code;
  }

  /** Mint one token per resource server; the first is top-level, the rest `other_tokens`. */
  mintTokens(opts: {
    clientId: string;
    identityId: string;
    scopes: ScopeNode[];
    offline: boolean;
    session: AuthSession;
    state?: string;
  }): TokenDocument {
    const identity = this.identityOrThrow(opts.identityId);
    const byRs = new Map<string, ScopeNode[]>();
    for (const node of opts.scopes) {
      const rs = resourceServerOf(node.scope);
      if (!rs) throw new Error(`unknown scope "${node.scope}"`);
      byRs.set(rs, [...(byRs.get(rs) ?? []), node]);
    }
    // Which token is top-level is arbitrary upstream (globus-api.md §1.4); Auth's first is typical.
    const order = [...byRs.keys()].sort((a, b) => (a === AUTH_RS ? -1 : b === AUTH_RS ? 1 : 0));
    const docs = order.map(rs => {
      const nodes = byRs.get(rs) ?? [];
      const grantId = randomUUID();
      const base = {
        grant_id: grantId,
        client_id: opts.clientId,
        resource_server: rs,
        scopes: nodes.map(serializeScope),
        dependent_scopes: nodes.flatMap(n => flattenScopes(n.dependencies, n.scope)),
        data_access: nodes
          .filter(n => n.scope === TRANSFER_ALL)
          .flatMap(n => n.dependencies)
          .map(d => dataAccessCollection(d.scope))
          .filter((c): c is string => c !== null),
        identity_id: identity.id,
        account: identity.account,
        session: snapshot(opts.session)
      };
      const access = this.storeToken({ ...base, kind: 'access' });
      const refresh = opts.offline ? this.storeToken({ ...base, kind: 'refresh' }) : null;
      const doc: TokenDocument = {
        access_token: access.token,
        // Only top-level scopes are echoed, dependencies are not (globus-api.md §1.4).
        scope: nodes.map(n => n.scope).join(' '),
        expires_in: this.accessTokenLifetimeSeconds,
        token_type: 'Bearer',
        resource_server: rs,
        refresh_token: refresh ? refresh.token : null
      };
      if (opts.state !== undefined) doc.state = opts.state;
      if (rs === AUTH_RS && nodes.some(n => n.scope === 'openid')) {
        doc.id_token = this.idToken(identity, opts.clientId, opts.session, access.token);
      }
      return doc;
    });
    const [top, ...others] = docs;
    if (!top) throw new Error('no scopes requested');
    return { ...top, other_tokens: others };
  }

  /** refresh_token grant: a new access token for the same grant (globus-api.md §1.5). */
  refresh(refreshToken: TokenRecord): TokenDocument {
    const access = this.storeToken({ ...refreshToken, kind: 'access' });
    return {
      access_token: access.token,
      scope: refreshToken.scopes.map(s => s.replace(/\[.*$/, '')).join(' '),
      expires_in: this.accessTokenLifetimeSeconds,
      token_type: 'Bearer',
      resource_server: refreshToken.resource_server,
      // Globus does not rotate refresh tokens by default (mem, globus-api.md §1.5).
      refresh_token: refreshToken.token,
      other_tokens: []
    };
  }

  lookup(token: string): { record: TokenRecord | null; problem: TokenProblem | null } {
    const record = this.tokens.get(token) ?? null;
    if (!record) return { record: null, problem: 'unknown' };
    if (this.revoked.has(token)) return { record, problem: 'revoked' };
    if (record.expires_at !== null && record.expires_at <= this.clock.nowSeconds()) {
      return { record, problem: 'expired' };
    }
    return { record, problem: null };
  }

  /**
   * Revoking a refresh token also ends the access tokens minted from its grant
   * (Globus docs on token revocation, (mem)); revoking an access token ends only it.
   */
  revoke(token: string): void {
    const record = this.tokens.get(token);
    if (!record) return;
    this.revoked.add(token);
    if (record.kind === 'refresh') {
      for (const other of this.tokens.values()) {
        if (other.grant_id === record.grant_id) this.revoked.add(other.token);
      }
    }
  }

  private storeToken(fields: Omit<TokenRecord, 'token' | 'issued_at' | 'expires_at'>): TokenRecord {
    const now = this.clock.nowSeconds();
    const record: TokenRecord = {
      ...fields,
      token: opaqueToken(),
      issued_at: now,
      expires_at: fields.kind === 'access' ? now + this.accessTokenLifetimeSeconds : null
    };
    this.tokens.set(record.token, record);
    return record;
  }

  /** The identity claims of userinfo / id_token (globus-api.md §1.8). */
  identityClaims(identity: SandboxIdentity, session: AuthSession): Record<string, unknown> {
    const describe = (i: SandboxIdentity) => ({
      sub: i.id,
      organization: i.organization,
      name: i.name,
      username: i.username,
      identity_provider: i.identity_provider,
      identity_provider_display_name: i.identity_provider_display_name,
      email: i.email,
      last_authentication: session.authentications[i.id]?.auth_time ?? null
    });
    const { username, ...primary } = describe(identity);
    return {
      ...primary,
      preferred_username: username,
      identity_set: this.accountIdentities(identity.account).map(describe)
    };
  }

  private idToken(
    identity: SandboxIdentity,
    clientId: string,
    session: AuthSession,
    accessToken: string
  ): string {
    const now = this.clock.nowSeconds();
    const header = { alg: 'RS512', typ: 'JWT', kid: this.keyId };
    const claims = {
      ...this.identityClaims(identity, session),
      iss: this.issuer(),
      aud: clientId,
      iat: now,
      exp: now + this.accessTokenLifetimeSeconds,
      at_hash: atHash(accessToken)
    };
    const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const signingInput = `${b64(header)}.${b64(claims)}`;
    const signature = createSign('RSA-SHA512')
      .update(signingInput)
      .sign(this.signingKeys().privateKey);
    return `${signingInput}.${signature.toString('base64url')}`;
  }
}

function snapshot(session: AuthSession): AuthSession {
  return {
    session_id: session.session_id,
    account: session.account,
    authentications: Object.fromEntries(
      Object.entries(session.authentications).map(([id, a]) => [id, { ...a }])
    )
  };
}

/** OIDC at_hash for RS512: left half of SHA-512 of the access token, base64url. */
function atHash(accessToken: string): string {
  const digest = createHash('sha512').update(accessToken).digest();
  return digest.subarray(0, digest.length / 2).toString('base64url');
}
