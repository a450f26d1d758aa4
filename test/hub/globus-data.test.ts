import {
  HubTokensError,
  importHubTokens,
  parseHubTokensJson
} from '../../server-ts/hub/globus-data';

const NOW = 1_800_000_000;
const TRANSFER = 'transfer.api.globus.org';
const TRANSFER_SCOPE = 'urn:globus:auth:scope:transfer.api.globus.org:all';

/** What `json.dumps(auth_state["tokens"])` produces for GlobusOAuthenticator (by_resource_server). */
function byResourceServer(expiresAt = NOW + 3600): Record<string, unknown> {
  return {
    [TRANSFER]: {
      access_token: 'transfer-at',
      refresh_token: 'transfer-rt',
      expires_at_seconds: expiresAt,
      scope: TRANSFER_SCOPE,
      token_type: 'Bearer',
      resource_server: TRANSFER
    }
  };
}

describe('GLOBUS_TOKENS_JSON parsing', () => {
  it('reads the by_resource_server map and drops the hub client refresh token', () => {
    const tokens = parseHubTokensJson(JSON.stringify(byResourceServer()));
    expect(tokens).toEqual({
      [TRANSFER]: {
        resource_server: TRANSFER,
        access_token: 'transfer-at',
        refresh_token: null,
        expires_at_seconds: NOW + 3600,
        scope: TRANSFER_SCOPE,
        token_type: 'Bearer'
      }
    });
  });

  it('also reads a whole auth_state with its "tokens" key', () => {
    const authState = { client_id: 'hub-client', tokens: byResourceServer() };
    expect(Object.keys(parseHubTokensJson(JSON.stringify(authState)))).toEqual([TRANSFER]);
  });

  it('reads the same JSON base64-encoded (brace-free, for KubeSpawner templating)', () => {
    const encoded = Buffer.from(JSON.stringify(byResourceServer())).toString('base64');
    expect(encoded).not.toMatch(/[{}]/);
    expect(parseHubTokensJson(encoded)[TRANSFER].access_token).toBe('transfer-at');
  });

  it.each([
    ['not json', 'must be a JSON object, or that JSON base64-encoded'],
    ['{not json', 'not valid JSON'],
    [Buffer.from('[1,2]').toString('base64'), 'does not decode to a JSON object'],
    ['{"a": [1,2]', 'not valid JSON'],
    ['{}', 'holds no tokens'],
    [JSON.stringify({ [TRANSFER]: 'abc' }), `"${TRANSFER}" must be an object`],
    [
      JSON.stringify({ [TRANSFER]: { scope: 's', expires_at_seconds: 5 } }),
      `"${TRANSFER}".access_token`
    ],
    [
      JSON.stringify({ [TRANSFER]: { access_token: 'a', scope: 's' } }),
      `"${TRANSFER}".expires_at_seconds`
    ],
    [
      JSON.stringify({ [TRANSFER]: { access_token: 'a', scope: 's', expires_at_seconds: 1.5 } }),
      'positive integer'
    ],
    [
      JSON.stringify({ [TRANSFER]: { access_token: 'a', expires_at_seconds: 5 } }),
      `"${TRANSFER}".scope`
    ],
    [
      JSON.stringify({
        [TRANSFER]: { access_token: 'a', scope: 's', expires_at_seconds: 5, resource_server: 'x' }
      }),
      'expected the key'
    ],
    [
      JSON.stringify({
        [TRANSFER]: { access_token: 'a', scope: 's', expires_at_seconds: 5, token_type: 'MAC' }
      }),
      'token_type'
    ]
  ])('rejects %s, naming the problem', (text, expected) => {
    expect(() => parseHubTokensJson(text)).toThrow(HubTokensError);
    expect(() => parseHubTokensJson(text)).toThrow(expected);
  });
});

describe('importHubTokens (start-up)', () => {
  it('imports nothing and says nothing when no hub variable is set', () => {
    expect(importHubTokens({}, NOW)).toEqual({ tokens: {}, notices: [] });
  });

  it('never decodes GLOBUS_DATA and warns, once, that it is unused', () => {
    // A real pickle's base64 would do the same: the value is never looked at.
    const result = importHubTokens({ GLOBUS_DATA: 'gASVAAAAAAAAAAB9lC4=' }, NOW);
    expect(result.tokens).toEqual({});
    expect(result.notices).toHaveLength(1);
    expect(result.notices[0].level).toBe('warn');
    expect(result.notices[0].message).toMatch(/GLOBUS_DATA is set but unused/);
    expect(result.notices[0].message).toMatch(/GLOBUS_TOKENS_JSON/);
  });

  it('prefers GLOBUS_TOKENS_JSON and still notes that GLOBUS_DATA is unused', () => {
    const result = importHubTokens(
      {
        GLOBUS_DATA: 'gASVAAAAAAAAAAB9lC4=',
        GLOBUS_TOKENS_JSON: JSON.stringify(byResourceServer())
      },
      NOW
    );
    expect(Object.keys(result.tokens)).toEqual([TRANSFER]);
    expect(result.notices.map(n => n.level)).toEqual(['warn', 'info']);
    expect(result.notices[0].message).toMatch(/using GLOBUS_TOKENS_JSON instead/);
  });

  it('drops expired tokens with a warning', () => {
    const result = importHubTokens(
      { GLOBUS_TOKENS_JSON: JSON.stringify(byResourceServer(NOW - 1)) },
      NOW
    );
    expect(result.tokens).toEqual({});
    expect(result.notices).toEqual([
      { level: 'warn', message: expect.stringContaining(`the token for ${TRANSFER} expired`) }
    ]);
  });

  it('reports a broken variable as an error notice instead of stopping the server', () => {
    const result = importHubTokens({ GLOBUS_TOKENS_JSON: '{"transfer.api.globus.org": {}}' }, NOW);
    expect(result.tokens).toEqual({});
    expect(result.notices).toHaveLength(1);
    expect(result.notices[0].level).toBe('error');
    expect(result.notices[0].message).toMatch(
      /access_token must be a non-empty string; hub tokens ignored/
    );
  });

  it('never puts a token in a log line', () => {
    const result = importHubTokens({ GLOBUS_TOKENS_JSON: JSON.stringify(byResourceServer()) }, NOW);
    for (const notice of result.notices) {
      expect(notice.message).not.toContain('transfer-at');
      expect(notice.message).not.toContain('transfer-rt');
    }
  });
});
