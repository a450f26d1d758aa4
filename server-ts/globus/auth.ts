/**
 * Globus Auth calls made by a native app (no client secret): code exchange, refresh,
 * revoke (globus-api.md §1.4–1.6) and userinfo (§1.8).
 */
import type { GlobusHttp } from './http';
import { GlobusApiError } from './http';

/** One resource server's token in an Auth token response (§1.4). */
export interface TokenDocument {
  access_token: string;
  refresh_token?: string | null;
  expires_in: number;
  resource_server: string;
  scope: string;
  token_type?: string;
}

export interface TokenResponse extends TokenDocument {
  other_tokens?: TokenDocument[];
}

export interface UserInfoIdentity {
  sub: string;
  username: string;
  name?: string | null;
  identity_provider_display_name?: string;
}

export interface UserInfo extends UserInfoIdentity {
  preferred_username?: string;
  identity_set?: UserInfoIdentity[];
}

export class GlobusAuth {
  constructor(
    private readonly http: GlobusHttp,
    private readonly clientId: string
  ) {}

  async exchangeCode(code: string, verifier: string, redirectUri: string): Promise<TokenResponse> {
    const response = await this.http.request({
      service: 'auth',
      method: 'POST',
      path: '/v2/oauth2/token',
      form: {
        grant_type: 'authorization_code',
        code,
        client_id: this.clientId,
        code_verifier: verifier,
        redirect_uri: redirectUri
      },
      retry: 'once'
    });
    return parseTokenResponse(response.text);
  }

  async refresh(refreshToken: string): Promise<TokenResponse> {
    const response = await this.http.request({
      service: 'auth',
      method: 'POST',
      path: '/v2/oauth2/token',
      form: { grant_type: 'refresh_token', refresh_token: refreshToken, client_id: this.clientId },
      retry: 'once'
    });
    return parseTokenResponse(response.text);
  }

  async revoke(token: string): Promise<void> {
    await this.http.request({
      service: 'auth',
      method: 'POST',
      path: '/v2/oauth2/token/revoke',
      form: { token, client_id: this.clientId },
      retry: 'once'
    });
  }

  async userinfo(accessToken: string): Promise<UserInfo> {
    const response = await this.http.request({
      service: 'auth',
      method: 'GET',
      path: '/v2/oauth2/userinfo',
      bearer: accessToken,
      retry: 'idempotent'
    });
    const info = JSON.parse(response.text) as UserInfo;
    if (typeof info?.sub !== 'string') {
      throw new GlobusApiError(
        502,
        'InvalidUserinfo',
        'Globus Auth userinfo has no "sub"',
        {},
        'auth'
      );
    }
    return info;
  }
}

function parseTokenResponse(text: string): TokenResponse {
  const parsed = JSON.parse(text) as TokenResponse;
  const valid = (doc: TokenDocument): boolean =>
    typeof doc?.access_token === 'string' &&
    typeof doc.resource_server === 'string' &&
    typeof doc.expires_in === 'number';
  if (!valid(parsed) || !(parsed.other_tokens ?? []).every(valid)) {
    throw new GlobusApiError(
      502,
      'InvalidTokenResponse',
      'Globus Auth answered a token response without access_token, resource_server or expires_in',
      {},
      'auth'
    );
  }
  return parsed;
}
