import { IDENTITIES, startSandbox, transferWithDataAccess, type Sandbox } from '../../sandbox';
import { TRANSFER_SCOPE, call, login, tokenFor, transferToken } from './helpers';

const [aliceGlobusId, aliceUchicago] = IDENTITIES;

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox();
});
afterAll(() => sandbox.stop());

const lsPath = (id: string) => `/v0.10/operation/endpoint/${id}/ls?path=/`;
const GRIDFTP_JSON = /530-GridFTP-JSON-Result: (.+?)\\r\\n530 End/;

describe('GCSv5.4 mapped collection: data_access consent', () => {
  it('answers 403 ConsentRequired with required_scopes and authorization_parameters', async () => {
    const token = transferToken(sandbox);
    const { status, body } = await call(sandbox, 'GET', lsPath(sandbox.ids.mapped), { token });
    const required = [transferWithDataAccess(sandbox.ids.mapped)];
    expect(status).toBe(403);
    expect(body).toMatchObject({
      code: 'ConsentRequired',
      message: 'Missing required data_access consent',
      required_scopes: required,
      authorization_parameters: {
        required_scopes: required,
        session_message: 'Missing required data_access consent'
      },
      resource: `/operation/endpoint/${sandbox.ids.mapped}/ls`
    });
    expect(required[0]).toBe(
      `${TRANSFER_SCOPE}[*https://auth.globus.org/scopes/${sandbox.ids.mapped}/data_access]`
    );
  });

  it('lists once the person logs in with the required scope from the error', async () => {
    const before = await call(sandbox, 'GET', lsPath(sandbox.ids.mapped), {
      token: transferToken(sandbox)
    });
    const scope = (before.body.required_scopes as string[]).join(' ');
    const token = tokenFor(await login(sandbox, scope), 'transfer.api.globus.org');
    const { status, body } = await call(sandbox, 'GET', lsPath(sandbox.ids.mapped), { token });
    expect(status).toBe(200);
    expect((body.DATA as Array<{ name: string }>).map(f => f.name)).toEqual([
      '.hidden-config',
      'data',
      'home'
    ]);
  });

  it('a consent for another collection does not help', async () => {
    const token = transferToken(sandbox, [
      `https://auth.globus.org/scopes/${sandbox.ids.guestHost}/data_access`
    ]);
    expect((await call(sandbox, 'GET', lsPath(sandbox.ids.mapped), { token })).status).toBe(403);
  });
});

describe('High Assurance collection: session from an allowed domain', () => {
  it('answers 502 LoginFailed with not_from_allowed_domain embedded between literal \\r\\n, plus a GARE', async () => {
    const token = tokenFor(
      await login(sandbox, TRANSFER_SCOPE, { identityId: aliceGlobusId.id }),
      'transfer.api.globus.org'
    );
    const { status, body } = await call(sandbox, 'GET', lsPath(sandbox.ids.highAssurance), {
      token
    });
    expect(status).toBe(502);
    expect(body.code).toBe('ExternalError.DirListingFailed.LoginFailed');
    expect(body.authorization_parameters).toEqual({
      session_message: 'Session reauthentication required (Globus Transfer)',
      session_required_identities: [],
      session_required_mfa: false,
      session_required_single_domain: ['uchicago.edu']
    });
    const message = body.message as string;
    expect(message).toContain(`(${sandbox.ids.highAssurance})`);
    expect(message).not.toContain('\r');
    const inner = JSON.parse((GRIDFTP_JSON.exec(message) as RegExpExecArray)[1]);
    expect(inner).toEqual({
      DATA_TYPE: 'result#1.0.0',
      code: 'permission_denied',
      detail: { DATA_TYPE: 'not_from_allowed_domain#1.0.0', allowed_domains: ['uchicago.edu'] },
      has_next_page: false,
      http_response_code: 403,
      message: 'None of your identities are from domains allowed by resource policies'
    });
    // GCS prints Python-style JSON, as the fixture shows.
    expect(message).toContain('{"DATA_TYPE": "result#1.0.0", "code": "permission_denied"');
  });

  it('lists after a login with an identity of the allowed domain, until the assurance timeout passes', async () => {
    const doc = await login(sandbox, TRANSFER_SCOPE, {
      identityId: aliceUchicago.id,
      extra: { session_required_single_domain: 'uchicago.edu', prompt: 'login' }
    });
    const token = tokenFor(doc, 'transfer.api.globus.org');
    const ok = await call(sandbox, 'GET', lsPath(sandbox.ids.highAssurance), { token });
    expect(ok.status).toBe(200);
    expect((ok.body.DATA as Array<{ name: string }>).map(f => f.name)).toEqual(['secure']);
    sandbox.advanceClock(901);
    const stale = await call(sandbox, 'GET', lsPath(sandbox.ids.highAssurance), { token });
    expect(stale.status).toBe(502);
    expect(stale.body.code).toBe('ExternalError.DirListingFailed.LoginFailed');
  });
});

describe('S3 collection: invalid_credential', () => {
  it('answers invalid_credential#1.0.0 whatever the login, until a credential is registered', async () => {
    const bob = IDENTITIES[3];
    const token = tokenFor(
      await login(sandbox, TRANSFER_SCOPE, { identityId: bob.id, extra: { prompt: 'login' } }),
      'transfer.api.globus.org'
    );
    const { status, body } = await call(sandbox, 'GET', lsPath(sandbox.ids.s3), { token });
    expect(status).toBe(502);
    expect(body.code).toBe('ExternalError.DirListingFailed.LoginFailed');
    const inner = JSON.parse((GRIDFTP_JSON.exec(body.message as string) as RegExpExecArray)[1]);
    expect(inner).toMatchObject({
      code: 'invalid_credential',
      detail: { DATA_TYPE: 'invalid_credential#1.0.0' },
      message: 'Your credential requires some initial setup.'
    });
    expect(inner.detail.user_credential_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(body.authorization_parameters).toBeUndefined();

    sandbox.registerS3Credential(bob.id);
    expect(sandbox.state.s3Credentials).toContain('bob');
    const after = await call(sandbox, 'GET', lsPath(sandbox.ids.s3), { token });
    expect(after.status).toBe(200);
    expect((after.body.DATA as Array<{ name: string }>).map(f => f.name)).toEqual(['bucket']);
  });
});

describe('GCSv4 endpoint: activation', () => {
  it('answers 400 ClientError.ActivationRequired until autoactivate, then lists', async () => {
    const token = transferToken(sandbox);
    const before = await call(sandbox, 'GET', lsPath(sandbox.ids.gcsv4), { token });
    expect(before.status).toBe(400);
    expect(before.body).toMatchObject({
      code: 'ClientError.ActivationRequired',
      resource: `/operation/endpoint/${sandbox.ids.gcsv4}/ls`
    });

    const activate = await call(
      sandbox,
      'POST',
      `/v0.10/endpoint/${sandbox.ids.gcsv4}/autoactivate`,
      { token }
    );
    expect(activate.status).toBe(200);
    expect(activate.body).toMatchObject({
      DATA_TYPE: 'activation_result',
      code: 'AutoActivated.CachedCredential'
    });
    const again = await call(sandbox, 'POST', `/v0.10/endpoint/${sandbox.ids.gcsv4}/autoactivate`, {
      token
    });
    expect(again.body.code).toBe('AlreadyActivated');
    const detail = await call(sandbox, 'GET', `/v0.10/endpoint/${sandbox.ids.gcsv4}`, { token });
    expect(detail.body).toMatchObject({ activated: true });
    expect(detail.body.expires_in as number).toBeGreaterThan(0);
    expect((await call(sandbox, 'GET', lsPath(sandbox.ids.gcsv4), { token })).status).toBe(200);

    // Activations expire.
    sandbox.advanceClock(12 * 24 * 3600);
    const fresh = transferToken(sandbox);
    expect((await call(sandbox, 'GET', lsPath(sandbox.ids.gcsv4), { token: fresh })).status).toBe(
      400
    );
  });

  it('autoactivate on a GCSv5 collection answers AlreadyActivated', async () => {
    const token = transferToken(sandbox);
    const { status, body } = await call(
      sandbox,
      'POST',
      `/v0.10/endpoint/${sandbox.ids.tutorial1}/autoactivate`,
      {
        token,
        json: {}
      }
    );
    expect(status).toBe(200);
    expect(body.code).toBe('AlreadyActivated');
  });
});

describe('non-functional endpoint', () => {
  it('cannot be listed', async () => {
    const { status, body } = await call(sandbox, 'GET', lsPath(sandbox.ids.nonFunctional), {
      token: transferToken(sandbox)
    });
    expect(status).toBe(400);
    expect(body.code).toBe('ClientError.BadRequest');
    expect(body.message).toContain('non-functional');
  });
});

describe('Globus Connect Personal offline', () => {
  afterEach(() => sandbox.setGcpConnected(true));

  it('ls answers 502 GCDisconnected and the document shows gcp_connected false', async () => {
    const token = transferToken(sandbox);
    sandbox.setGcpConnected(false);
    const { status, body } = await call(sandbox, 'GET', lsPath(sandbox.ids.gcp), { token });
    expect(status).toBe(502);
    expect(body.code).toBe('ExternalError.DirListingFailed.GCDisconnected');
    expect(body.message).toContain('The GCP endpoint is not currently connected to Globus');
    const doc = await call(sandbox, 'GET', `/v0.10/endpoint/${sandbox.ids.gcp}`, { token });
    expect(doc.body.gcp_connected).toBe(false);
    sandbox.setGcpConnected(true);
    expect((await call(sandbox, 'GET', lsPath(sandbox.ids.gcp), { token })).status).toBe(200);
  });

  it('a task waits ACTIVE with is_ok false / GC_NOT_CONNECTED, then completes when the agent is back', async () => {
    const token = transferToken(sandbox);
    sandbox.setGcpConnected(false);
    const sid = (await call(sandbox, 'GET', '/v0.10/submission_id', { token })).body
      .value as string;
    const submitted = await call(sandbox, 'POST', '/v0.10/transfer', {
      token,
      json: {
        submission_id: sid,
        source_endpoint: sandbox.ids.tutorial1,
        destination_endpoint: sandbox.ids.gcp,
        DATA: [{ source_path: '/share/godata/file1.txt', destination_path: '/from-tutorial.txt' }]
      }
    });
    expect(submitted.status).toBe(202);
    const taskId = submitted.body.task_id as string;
    await new Promise(r => setTimeout(r, 150));
    const waiting = await call(sandbox, 'GET', `/v0.10/task/${taskId}`, { token });
    expect(waiting.body).toMatchObject({
      status: 'ACTIVE',
      is_ok: false,
      nice_status: 'GC_NOT_CONNECTED'
    });
    sandbox.setGcpConnected(true);
    const done = await sandbox.waitForTask(taskId);
    expect(done).toMatchObject({ status: 'SUCCEEDED', files_transferred: 1 });
  });
});
