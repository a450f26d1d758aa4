import { IDENTITIES, startSandbox, type Sandbox } from '../../sandbox';
import { call, transferToken } from './helpers';

let sandbox: Sandbox;
let token: string;
beforeAll(async () => {
  sandbox = await startSandbox();
  token = transferToken(sandbox);
});
afterAll(() => sandbox.stop());

describe('bookmarks', () => {
  it('create, list, get, update and delete', async () => {
    const empty = await call(sandbox, 'GET', '/v0.10/bookmark_list', { token });
    expect(empty).toMatchObject({ status: 200, body: { DATA_TYPE: 'bookmark_list', DATA: [] } });

    const created = await call(sandbox, 'POST', '/v0.10/bookmark', {
      token,
      json: {
        DATA_TYPE: 'bookmark',
        name: 'godata',
        endpoint_id: sandbox.ids.tutorial1,
        path: '/share/godata'
      }
    });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({
      DATA_TYPE: 'bookmark',
      name: 'godata',
      endpoint_id: sandbox.ids.tutorial1,
      path: '/share/godata/',
      pinned: false
    });
    const id = created.body.id as string;

    const list = await call(sandbox, 'GET', '/v0.10/bookmark_list', { token });
    expect(list.body.DATA).toEqual([created.body]);
    expect((await call(sandbox, 'GET', `/v0.10/bookmark/${id}`, { token })).body).toEqual(
      created.body
    );

    const renamed = await call(sandbox, 'PUT', `/v0.10/bookmark/${id}`, {
      token,
      json: { name: 'tutorial data', pinned: true }
    });
    expect(renamed.body).toMatchObject({ id, name: 'tutorial data', pinned: true });

    const deleted = await call(sandbox, 'DELETE', `/v0.10/bookmark/${id}`, { token });
    expect(deleted.body).toMatchObject({ DATA_TYPE: 'result', code: 'Deleted' });
    expect((await call(sandbox, 'GET', '/v0.10/bookmark_list', { token })).body.DATA).toEqual([]);
    const gone = await call(sandbox, 'GET', `/v0.10/bookmark/${id}`, { token });
    expect(gone.status).toBe(404);
    expect(gone.body.code).toBe('ClientError.NotFound');
  });

  it.each([
    [{ endpoint_id: 'x', path: '/a', name: 'n' }, 'endpoint_id'],
    [{ endpoint_id: 'a1f1c0de-0009-4c0f-9a11-000000000009', path: 'relative', name: 'n' }, 'path'],
    [{ endpoint_id: 'a1f1c0de-0009-4c0f-9a11-000000000009', path: '/a', name: '' }, 'name'],
    [{ endpoint_id: 'a1f1c0de-0009-4c0f-9a11-000000000009', path: '/a' }, 'name']
  ])('refuses %j naming %s', async (json, field) => {
    const { status, body } = await call(sandbox, 'POST', '/v0.10/bookmark', { token, json });
    expect(status).toBe(400);
    expect(body.code).toBe('ClientError.BadRequest');
    expect(body.message).toContain(field);
  });

  it('refuses an unknown endpoint and a duplicate name', async () => {
    const unknown = await call(sandbox, 'POST', '/v0.10/bookmark', {
      token,
      json: { name: 'x', endpoint_id: '00000000-0000-4000-8000-000000000000', path: '/' }
    });
    expect(unknown.status).toBe(404);
    const json = { name: 'dup', endpoint_id: sandbox.ids.gcp, path: '/' };
    expect((await call(sandbox, 'POST', '/v0.10/bookmark', { token, json })).status).toBe(200);
    const dup = await call(sandbox, 'POST', '/v0.10/bookmark', { token, json });
    expect(dup.status).toBe(409);
    expect(dup.body.code).toBe('Conflict');
  });

  it('bookmarks are per user', async () => {
    const bobToken = transferToken(sandbox, [], IDENTITIES[3].id);
    expect(
      (await call(sandbox, 'GET', '/v0.10/bookmark_list', { token: bobToken })).body.DATA
    ).toEqual([]);
    expect(sandbox.state.bookmarks.alice.length).toBeGreaterThan(0);
  });
});
