import { startSandbox, type Sandbox } from '../../sandbox';
import { call, transferToken } from './helpers';

let sandbox: Sandbox;
let token: string;
beforeAll(async () => {
  sandbox = await startSandbox();
  token = transferToken(sandbox);
});
afterEach(() => sandbox.faults.clear());
afterAll(() => sandbox.stop());

const searchPath = '/v0.10/endpoint_search';
const search = () => call(sandbox, 'GET', `${searchPath}?filter_fulltext=tutorial`, { token });

describe('fault injection', () => {
  it('status: answers the injected 5xx with a Transfer error body', async () => {
    sandbox.faults.inject({ path: searchPath, kind: 'status', status: 503 });
    const { status, body } = await search();
    expect(status).toBe(503);
    expect(body).toMatchObject({ code: 'ServiceUnavailable', resource: '/endpoint_search' });
    expect((await search()).status).toBe(503);
  });

  it('status on an Auth route answers an Auth error body', async () => {
    sandbox.faults.inject({
      method: 'POST',
      path: '/v2/oauth2/token',
      kind: 'status',
      status: 500
    });
    const { status, body } = await call(sandbox, 'POST', '/v2/oauth2/token', {
      form: { grant_type: 'x' }
    });
    expect(status).toBe(500);
    expect(body.error).toBe('server_error');
  });

  it('times: N failures then success', async () => {
    sandbox.faults.inject({ path: searchPath, kind: 'status', status: 502, times: 2 });
    expect((await search()).status).toBe(502);
    expect((await search()).status).toBe(502);
    expect((await search()).status).toBe(200);
  });

  it('method and RegExp matching', async () => {
    sandbox.faults.inject({
      method: 'POST',
      path: /^\/v0\.10\/endpoint/,
      kind: 'status',
      status: 500
    });
    expect((await search()).status).toBe(200);
    sandbox.faults.inject({
      method: 'GET',
      path: /^\/v0\.10\/endpoint_/,
      kind: 'status',
      status: 500
    });
    expect((await search()).status).toBe(500);
  });

  it('slow: delays the normal answer', async () => {
    sandbox.faults.inject({ path: searchPath, kind: 'slow', delayMs: 800, times: 1 });
    const started = Date.now();
    const { status } = await search();
    expect(status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(790);
    const quick = Date.now();
    await search();
    expect(Date.now() - quick).toBeLessThan(700);
  });

  it('drop: the connection closes without an answer', async () => {
    sandbox.faults.inject({ path: searchPath, kind: 'drop', times: 1 });
    await expect(search()).rejects.toThrow(/fetch failed/);
    expect((await search()).status).toBe(200);
  });

  it('malformed: 200 with a body that is not JSON', async () => {
    sandbox.faults.inject({ path: searchPath, kind: 'malformed', times: 1 });
    const response = await fetch(`${sandbox.url}${searchPath}?filter_fulltext=x`, {
      headers: { authorization: `Bearer ${token}` }
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/json');
    const text = await response.text();
    expect(() => JSON.parse(text)).toThrow();
  });

  it('clear removes every rule', async () => {
    sandbox.faults.inject({ path: searchPath, kind: 'status', status: 500 });
    sandbox.faults.clear();
    expect((await search()).status).toBe(200);
  });

  it('refuses a bad rule with a clear error', () => {
    expect(() => sandbox.faults.inject({ path: searchPath, kind: 'explode' as 'drop' })).toThrow(
      /fault kind/
    );
    expect(() => sandbox.faults.inject({ path: searchPath, kind: 'status', times: 0 })).toThrow(
      /times/
    );
    expect(() => sandbox.faults.inject({ path: searchPath, kind: 'status', status: 700 })).toThrow(
      /status/
    );
  });
});

describe('responseDelayMs and connection counting', () => {
  it('delays every answer and counts TCP connections', async () => {
    const delayed = await startSandbox({ responseDelayMs: 200 });
    try {
      const before = delayed.connectionsAccepted();
      const started = Date.now();
      const res = await fetch(`${delayed.url}/jwk.json`);
      expect(res.status).toBe(200);
      await res.text();
      expect(Date.now() - started).toBeGreaterThanOrEqual(190);
      expect(delayed.connectionsAccepted()).toBe(before + 1);
    } finally {
      await delayed.stop();
    }
  });
});

describe('unknown routes', () => {
  it('Transfer 404 ClientError.NotFound and Auth 404', async () => {
    const transfer = await call(sandbox, 'GET', '/v0.10/nope', { token });
    expect(transfer.status).toBe(404);
    expect(transfer.body.code).toBe('ClientError.NotFound');
    const auth = await call(sandbox, 'GET', '/v2/nope');
    expect(auth.status).toBe(404);
  });
});
