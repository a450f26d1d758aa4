import { IDENTITIES, startSandbox, type Sandbox } from '../../sandbox';
import { TRANSFER_SCOPE, call, transferToken } from './helpers';

let sandbox: Sandbox;
let token: string;
beforeAll(async () => {
  sandbox = await startSandbox();
  token = transferToken(sandbox);
});
afterAll(() => sandbox.stop());

type EndpointList = {
  DATA: Array<Record<string, unknown>>;
  has_next_page: boolean;
  limit: number;
  offset: number;
};
const search = async (params: Record<string, string>, as = token) => {
  const r = await call(sandbox, 'GET', `/v0.10/endpoint_search?${new URLSearchParams(params)}`, {
    token: as
  });
  return { status: r.status, body: r.body as unknown as EndpointList & Record<string, unknown> };
};

describe('GET /v0.10/endpoint_search', () => {
  it('finds collections by filter_fulltext with ranked full endpoint documents', async () => {
    const { status, body } = await search({ filter_fulltext: 'tutorial' });
    expect(status).toBe(200);
    expect(body).toMatchObject({ DATA_TYPE: 'endpoint_list', offset: 0, has_next_page: false });
    expect(body.DATA.map(d => d.id)).toEqual([sandbox.ids.tutorial1, sandbox.ids.tutorial2]);
    expect(body.DATA[0]).toMatchObject({
      DATA_TYPE: 'endpoint',
      display_name: 'Sandbox Tutorial Collection 1',
      entity_type: 'GCSv5_guest_collection',
      non_functional: false,
      high_assurance: false
    });
    expect(typeof body.DATA[0]._rank).toBe('number');
  });

  it('matches terms at the beginning of words, ANDed (not inside words)', async () => {
    const prefix = await search({ filter_fulltext: 'tut' });
    expect(prefix.body.DATA.map(d => d.id)).toEqual([sandbox.ids.tutorial1, sandbox.ids.tutorial2]);
    expect((await search({ filter_fulltext: 'orial' })).body.DATA).toEqual([]);
    // "lab" finds the Lab collections, not "(JupyterLab)".
    const lab = await search({ filter_fulltext: 'lab', limit: '100' });
    expect(lab.body.DATA.map(d => d.id)).not.toContain(sandbox.ids.gcp);
    expect(lab.body.DATA).toHaveLength(24);
    const both = await search({ filter_fulltext: 'tutorial 2' });
    expect(both.body.DATA.map(d => d.id)).toEqual([sandbox.ids.tutorial2]);
  });

  it('requires filter_fulltext for filter_scope=all', async () => {
    const { status, body } = await search({});
    expect(status).toBe(400);
    expect(body).toMatchObject({ code: 'ClientError.BadRequest', resource: '/endpoint_search' });
    expect(body.message).toContain('filter_fulltext');
  });

  it('pages with limit/offset and has_next_page', async () => {
    const first = await search({ filter_fulltext: 'laboratory', limit: '10' });
    expect(first.body.DATA.map(d => d.display_name)).toHaveLength(10);
    expect(first.body.has_next_page).toBe(true);
    const last = await search({ filter_fulltext: 'laboratory', limit: '10', offset: '20' });
    expect(last.body.DATA.map(d => d.display_name)).toEqual([
      'Sandbox Lab 21 Shared Storage',
      'Sandbox Lab 22 Shared Storage',
      'Sandbox Lab 23 Shared Storage',
      'Sandbox Lab 24 Shared Storage'
    ]);
    expect(last.body.has_next_page).toBe(false);
    const ids = new Set([...first.body.DATA, ...last.body.DATA].map(d => d.id));
    expect(ids.size).toBe(14);
  });

  it('refuses limit over 100 and non-numeric offsets', async () => {
    expect((await search({ filter_fulltext: 'lab', limit: '101' })).status).toBe(400);
    const bad = await search({ filter_fulltext: 'lab', offset: 'x' });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain('offset');
  });

  it('filter_scope=my-endpoints lists what the user owns (GCP included); bob owns nothing', async () => {
    const mine = await search({ filter_scope: 'my-endpoints' });
    expect(mine.body.DATA.map(d => d.id)).toEqual(
      expect.arrayContaining([sandbox.ids.gcp, sandbox.ids.guest])
    );
    const gcp = await search({ filter_scope: 'my-gcp-endpoints' });
    expect(gcp.body.DATA.map(d => d.id)).toEqual([sandbox.ids.gcp]);
    const bobToken = transferToken(sandbox, [], IDENTITIES[3].id);
    expect((await search({ filter_scope: 'my-endpoints' }, bobToken)).body.DATA).toEqual([]);
    // Alice's private GCP is invisible to bob's fulltext search.
    expect((await search({ filter_fulltext: 'laptop' }, bobToken)).body.DATA).toEqual([]);
  });

  it('filter_scope=recently-used lists collections the user listed or transferred with, newest first', async () => {
    const fresh = transferToken(sandbox, [], IDENTITIES[2].id);
    const bobToken = transferToken(sandbox, [], IDENTITIES[3].id);
    await call(sandbox, 'GET', `/v0.10/operation/endpoint/${sandbox.ids.tutorial2}/ls`, {
      token: bobToken
    });
    sandbox.advanceClock(5);
    await call(sandbox, 'GET', `/v0.10/operation/endpoint/${sandbox.ids.tutorial1}/ls`, {
      token: bobToken
    });
    const recent = await search({ filter_scope: 'recently-used' }, bobToken);
    expect(recent.body.DATA.map(d => d.id)).toEqual([sandbox.ids.tutorial1, sandbox.ids.tutorial2]);
    expect(fresh).not.toBe(bobToken);
  });

  it('filter_non_functional=0 hides the GCSv5 endpoint, 1 shows only it', async () => {
    const all = await search({ filter_fulltext: 'sandbox university' });
    expect(all.body.DATA.map(d => d.id)).toContain(sandbox.ids.nonFunctional);
    const functional = await search({
      filter_fulltext: 'sandbox university',
      filter_non_functional: '0'
    });
    expect(functional.body.DATA.map(d => d.id)).not.toContain(sandbox.ids.nonFunctional);
    const nonFunctional = await search({
      filter_fulltext: 'sandbox university',
      filter_non_functional: 'true'
    });
    expect(nonFunctional.body.DATA.map(d => d.id)).toEqual([sandbox.ids.nonFunctional]);
  });

  it('refuses an unknown filter_scope', async () => {
    const { status, body } = await search({ filter_scope: 'everything' });
    expect(status).toBe(400);
    expect(body.message).toContain("Invalid filter_scope 'everything'");
  });
});

describe('GET /v0.10/endpoint/{id}', () => {
  it.each([
    [
      'gcp',
      {
        entity_type: 'GCP_mapped_collection',
        is_globus_connect: true,
        gcp_connected: true,
        gcs_version: null
      }
    ],
    [
      'mapped',
      { entity_type: 'GCSv5_mapped_collection', gcs_version: '5.4.10', high_assurance: false }
    ],
    ['guest', { entity_type: 'GCSv5_guest_collection', host_path: '/shared/' }],
    ['highAssurance', { high_assurance: true, authentication_assurance_timeout: 900 }],
    ['gcsv4', { entity_type: 'GCSv4_host', activated: false, expires_in: 0 }],
    ['nonFunctional', { entity_type: 'GCSv5_endpoint', non_functional: true }]
  ] as const)('describes the %s collection', async (name, expected) => {
    const id = sandbox.ids[name];
    const { status, body } = await call(sandbox, 'GET', `/v0.10/endpoint/${id}`, { token });
    expect(status).toBe(200);
    expect(body).toMatchObject({ DATA_TYPE: 'endpoint', id, ...expected });
  });

  it('answers 404 EndpointNotFound for an unknown id and 400 for a non-UUID', async () => {
    const missing = await call(
      sandbox,
      'GET',
      '/v0.10/endpoint/00000000-0000-4000-8000-000000000000',
      { token }
    );
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({
      code: 'EndpointNotFound',
      resource: '/endpoint/00000000-0000-4000-8000-000000000000'
    });
    expect(typeof missing.body.request_id).toBe('string');
    const bad = await call(sandbox, 'GET', '/v0.10/endpoint/not-a-uuid', { token });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('ClientError.BadRequest');
  });
});

describe('bearer token checks on Transfer', () => {
  const path = () => `/v0.10/endpoint/${sandbox.ids.tutorial1}`;
  it('401 AuthenticationFailed without a token', async () => {
    const { status, body } = await call(sandbox, 'GET', path());
    expect(status).toBe(401);
    expect(body.code).toBe('AuthenticationFailed');
  });
  it('401 for an unknown token', async () => {
    expect((await call(sandbox, 'GET', path(), { token: 'garbage' })).status).toBe(401);
  });
  it('401 for a token of another resource server (Auth)', async () => {
    const authToken = sandbox.issueTokens({ scopes: ['openid'] }).access_token;
    const { status, body } = await call(sandbox, 'GET', path(), { token: authToken });
    expect(status).toBe(401);
    expect(body.message).toContain('transfer.api.globus.org');
  });
  it('401 for a refresh token used as a bearer token', async () => {
    const doc = sandbox.issueTokens({ scopes: [TRANSFER_SCOPE], refresh: true });
    expect(
      (await call(sandbox, 'GET', path(), { token: doc.refresh_token as string })).status
    ).toBe(401);
  });
});

describe('content types clients send', () => {
  it('accepts JSON with a charset (Transfer) and form posts with a charset (Auth, as the JS SDK sends)', async () => {
    const json = await fetch(`${sandbox.url}/v0.10/bookmark`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json; charset=utf-8'
      },
      body: JSON.stringify({ name: 'charset', endpoint_id: sandbox.ids.gcp, path: '/' })
    });
    expect(json.status).toBe(200);
    const form = await fetch(`${sandbox.url}/v2/oauth2/token/validate`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded; charset=UTF-8',
        accept: 'application/json'
      },
      body: new URLSearchParams({ token, client_id: sandbox.clientId })
    });
    expect(await form.json()).toEqual({ active: true });
  });
});
