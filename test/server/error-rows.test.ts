/**
 * Each row of the error table (globus-api.md §2.14) through the real shim against the
 * sandbox's collections, and the way out of it: the login_url or the web-app link works.
 */
import type { Sandbox } from '../../sandbox';
import type { FileListResponse, GlobusErrorBody } from '../../src/api/types';
import { IDENTITIES, SANDBOX_IDS, usingShim, withSandbox, type Shim } from './support';

const TRANSFER = 'urn:globus:auth:scope:transfer.api.globus.org:all';
const ALICE_GLOBUSID = IDENTITIES[0];
const ALICE_UCHICAGO = IDENTITIES[1];
let sandbox: Sandbox;

beforeEach(async () => {
  sandbox = await withSandbox();
});
afterEach(async () => {
  await sandbox.stop();
});

/** Follows a login_url the shim handed out, as the popup would. */
async function followLogin(shim: Shim, loginUrl: string, identityId?: string): Promise<Response> {
  const url = new URL(loginUrl);
  expect(url.origin).toBe(shim.url);
  const start = await shim.fetch(`${url.pathname}${url.search}`);
  expect(start.status).toBe(302);
  const back = await sandbox.approve(start.headers.get('location') ?? '', { identityId });
  return fetch(back);
}

describe('401 from Globus', () => {
  it('is login_required, and the shim forgets the token Globus refused', async () => {
    await usingShim({ sandbox }, async shim => {
      await shim.login();
      sandbox.advanceClock(49 * 3600);
      const { status, body } = await shim.json<GlobusErrorBody>(
        `/operation_ls?endpoint=${SANDBOX_IDS.tutorial1}`
      );
      expect(status).toBe(401);
      expect(body).toMatchObject({
        kind: 'login_required',
        error: 'AuthenticationFailed',
        login_required: true,
        requires_user_intervention: false,
        login_url: `${shim.url}/login`
      });
      expect((await shim.json('/config')).body.is_logged_in).toBe(false);
    });
  });
});

describe('ConsentRequired', () => {
  it('asks for transfer[data_access] of the collection, and the new login lists it', async () => {
    await usingShim({ sandbox }, async shim => {
      await shim.login();
      const denied = await shim.json<GlobusErrorBody>(
        `/operation_ls?endpoint=${SANDBOX_IDS.mapped}&path=/data`
      );
      expect(denied.status).toBe(401);
      expect(denied.body).toMatchObject({
        kind: 'consent_required',
        error: 'ConsentRequired',
        login_required: true,
        requires_user_intervention: false,
        collection_id: SANDBOX_IDS.mapped
      });
      // The GARE block Transfer sent is passed through.
      expect(denied.body.authorization_parameters?.required_scopes?.[0]).toContain(
        `${SANDBOX_IDS.mapped}/data_access`
      );
      const requested = new URL(denied.body.login_url ?? '').searchParams.get('requested_scopes');
      expect(requested?.split(' ')).toContain(
        `${TRANSFER}[https://auth.globus.org/scopes/${SANDBOX_IDS.mapped}/data_access]`
      );

      expect((await followLogin(shim, denied.body.login_url ?? '')).status).toBe(200);
      const listed = await shim.json<FileListResponse>(
        `/operation_ls?endpoint=${SANDBOX_IDS.mapped}&path=/data`
      );
      expect(listed.status).toBe(200);
      expect(listed.body.DATA.map(f => f.name)).toContain('results.csv');
    });
  });

  it('wraps it in the custom submission scope when one is configured', async () => {
    const custom = 'https://auth.globus.org/scopes/5e1f0000-0000-4000-8000-00000000a001/submit';
    await usingShim(
      {
        sandbox,
        env: {
          GLOBUS_TRANSFER_SUBMISSION_URL: 'http://127.0.0.1:9/submit',
          GLOBUS_TRANSFER_SUBMISSION_SCOPE: custom
        }
      },
      async shim => {
        await shim.login();
        const denied = await shim.json<GlobusErrorBody>(
          `/operation_ls?endpoint=${SANDBOX_IDS.mapped}`
        );
        expect(denied.body.kind).toBe('consent_required');
        const requested = new URL(denied.body.login_url ?? '').searchParams.get('requested_scopes');
        const dataAccess = `https://auth.globus.org/scopes/${SANDBOX_IDS.mapped}/data_access`;
        expect(requested?.split(' ')).toEqual(
          expect.arrayContaining([
            `${TRANSFER}[${dataAccess}]`,
            `${custom}[${TRANSFER}[${dataAccess}]]`
          ])
        );
      }
    );
  });
});

describe('High Assurance not_from_allowed_domain', () => {
  it('asks for a fresh login with the user’s identities from the allowed domain', async () => {
    await usingShim({ sandbox }, async shim => {
      await shim.login({ identityId: ALICE_GLOBUSID.id });
      const denied = await shim.json<GlobusErrorBody>(
        `/operation_ls?endpoint=${SANDBOX_IDS.highAssurance}`
      );
      expect(denied.status).toBe(401);
      expect(denied.body).toMatchObject({
        kind: 'session_required',
        error: 'ExternalError.DirListingFailed.LoginFailed',
        login_required: true,
        requires_user_intervention: false,
        parsed_gridftp_response: {
          detail: { DATA_TYPE: 'not_from_allowed_domain#1.0.0', allowed_domains: ['uchicago.edu'] }
        },
        authorization_parameters: { session_required_single_domain: ['uchicago.edu'] }
      });
      const q = new URL(denied.body.login_url ?? '').searchParams;
      expect(q.get('session_required_identities')).toBe(ALICE_UCHICAGO.id);
      expect(q.get('prompt')).toBe('login');
      expect(q.get('session_message')).toBeTruthy();

      const page = await followLogin(shim, denied.body.login_url ?? '', ALICE_UCHICAGO.id);
      expect(page.status).toBe(200);
      const listed = await shim.json<FileListResponse>(
        `/operation_ls?endpoint=${SANDBOX_IDS.highAssurance}&path=/secure`
      );
      expect(listed.status).toBe(200);
      expect(listed.body.DATA.map(f => f.name)).toEqual(['patients.csv']);
    });
  });
});

describe('S3 invalid_credential', () => {
  it('needs user intervention in the web app, then works once the credential exists', async () => {
    await usingShim({ sandbox }, async shim => {
      await shim.login();
      const denied = await shim.json<GlobusErrorBody>(`/operation_ls?endpoint=${SANDBOX_IDS.s3}`);
      expect(denied.status).toBe(401);
      expect(denied.body).toMatchObject({
        kind: 'credentials_required',
        login_required: false,
        requires_user_intervention: true,
        login_url: `https://app.globus.org/file-manager?origin_id=${SANDBOX_IDS.s3}`,
        parsed_gridftp_response: { detail: { DATA_TYPE: 'invalid_credential#1.0.0' } }
      });
      sandbox.registerS3Credential();
      const listed = await shim.json(`/operation_ls?endpoint=${SANDBOX_IDS.s3}&path=/bucket`);
      expect(listed.status).toBe(200);
    });
  });
});

describe('GCSv4 ClientError.ActivationRequired', () => {
  it('needs user intervention with a link to the collection in the web app', async () => {
    await usingShim({ sandbox }, async shim => {
      await shim.login();
      const denied = await shim.json<GlobusErrorBody>(
        `/endpoint_detail?endpoint=${SANDBOX_IDS.gcsv4}`
      );
      // endpoint_detail itself works for GCSv4; listing needs activation.
      expect(denied.status).toBe(200);
      const ls = await shim.json<GlobusErrorBody>(`/operation_ls?endpoint=${SANDBOX_IDS.gcsv4}`);
      expect(ls.status).toBe(401);
      expect(ls.body).toMatchObject({
        kind: 'activation_required',
        error: 'ClientError.ActivationRequired',
        login_required: false,
        requires_user_intervention: true,
        login_url: `https://app.globus.org/file-manager?origin_id=${SANDBOX_IDS.gcsv4}`
      });
    });
  });
});

describe('anything unexpected', () => {
  it('answers 500 with a generic message; the details go to the log only', async () => {
    await usingShim({ sandbox }, async shim => {
      // A malformed token answer breaks the shim's own logic (a document passed through
      // untouched would not): JSON for API callers, an error page for the login popup.
      sandbox.faults.inject({ method: 'POST', path: '/v2/oauth2/token', kind: 'malformed' });
      const start = await shim.fetch('/login');
      const page = await fetch(await sandbox.approve(start.headers.get('location') ?? ''));
      expect(page.status).toBe(500);
      const html = await page.text();
      expect(html).toContain('"result":"error"');
      expect(html).not.toMatch(/JSON|position/);

      await shim.fetch('/login');
      const manual = await shim.json<{ code: string; message: string }>(
        '/oauth_callback_manual?code=abc'
      );
      expect(manual.status).toBe(500);
      expect(manual.body.code).toBe('UnexpectedError');
      expect(manual.body.message).not.toMatch(/JSON|position/);
      expect(shim.log.text()).toMatch(/Unexpected error[^\n]*JSON|JSON[^\n]*Unexpected error/);
    });
  });

  it('answers 502 GlobusUnreachable when Globus drops the connection', async () => {
    await usingShim({ sandbox }, async shim => {
      await shim.login();
      sandbox.faults.inject({ path: '/v0.10/endpoint_search', kind: 'drop', times: 2 });
      const { status, body } = await shim.json<GlobusErrorBody>(
        '/endpoint_search?filter_fulltext=x'
      );
      expect(status).toBe(502);
      expect(body).toMatchObject({ kind: 'globus_error', error: 'GlobusUnreachable' });
      // A single dropped kept-alive connection is retried transparently.
      sandbox.faults.inject({ path: '/v0.10/endpoint_search', kind: 'drop', times: 1 });
      expect((await shim.json('/endpoint_search?filter_fulltext=Tutorial')).status).toBe(200);
    });
  });
});
