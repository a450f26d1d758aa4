/**
 * The error classifier on the Globus documents the reference quotes (globus-api.md
 * §2.11–2.14) for the rows the sandbox has no collection for: another GridFTP error, the
 * legacy ConsentRequired without a GARE block, a GARE for an auth policy, and an HA
 * error for a user with no identity in the allowed domain.
 */
import {
  mapGlobusError,
  parseGridftpJsonResult,
  type ErrorContext
} from '../../server-ts/globus/errors';
import { GlobusApiError } from '../../server-ts/globus/http';

const COLLECTION = 'eed63c24-36cb-4f29-a47f-91d94a65fef8';
const TRANSFER = 'urn:globus:auth:scope:transfer.api.globus.org:all';

function context(overrides: Partial<ErrorContext> = {}): ErrorContext {
  return {
    collectionId: COLLECTION,
    base: { origin: 'https://hub.example.org', prefix: '/user/alice/globus-jupyterlab' },
    baseScopes: [TRANSFER, 'profile', 'openid'],
    submissionScope: null,
    identitiesInDomains: async () => [],
    ...overrides
  };
}

function transferError(status: number, body: Record<string, unknown>): GlobusApiError {
  return new GlobusApiError(status, String(body.code), String(body.message), body, 'transfer');
}

/** §2.12's GridFTP reply shape, with a literal backslash-r-backslash-n as Transfer sends. */
function gridftpMessage(result: Record<string, unknown>): string {
  const crlf = '\\r\\n';
  return (
    `Command Failed: Error (login)\nEndpoint: X (${COLLECTION})\nMessage: Login Failed\n---\n` +
    `Details: 530-Login incorrect.${crlf}530-GridFTP-JSON-Result: ${JSON.stringify(result)}${crlf}530 End.${crlf}\n`
  );
}

describe('parseGridftpJsonResult', () => {
  it('reads the JSON between the marker and the literal \\r\\n530 End', () => {
    const result = { DATA_TYPE: 'result#1.0.0', code: 'permission_denied', detail: { a: 1 } };
    expect(parseGridftpJsonResult(gridftpMessage(result))).toEqual(result);
    expect(parseGridftpJsonResult('530-GridFTP-JSON-Result: {"a": 2}\r\n530 End.')).toEqual({
      a: 2
    });
    expect(parseGridftpJsonResult('530-GridFTP-JSON-Result: {broken\\r\\n530 End')).toBeNull();
    expect(parseGridftpJsonResult('Path not found')).toBeNull();
  });
});

describe('mapGlobusError rows', () => {
  it('any other GridFTP error: user intervention in the web app (GJL GCSUnexpectedGridFTPError)', async () => {
    const result = {
      DATA_TYPE: 'result#1.0.0',
      code: 'other',
      detail: { DATA_TYPE: 'something_new#1.0.0' }
    };
    const mapped = await mapGlobusError(
      transferError(502, {
        code: 'ExternalError.DirListingFailed.LoginFailed',
        message: gridftpMessage(result)
      }),
      context()
    );
    expect(mapped).toEqual({
      status: 401,
      body: {
        kind: 'user_intervention',
        error: 'ExternalError.DirListingFailed.LoginFailed',
        details: expect.stringContaining('GridFTP-JSON-Result'),
        login_required: false,
        requires_user_intervention: true,
        login_url: `https://app.globus.org/file-manager?origin_id=${COLLECTION}`,
        parsed_gridftp_response: result,
        collection_id: COLLECTION
      }
    });
  });

  it('legacy ConsentRequired (required_scopes only) names the collection from the scope', async () => {
    const other = 'aa752cea-8222-5bc8-acd9-555b090c0ccb';
    const mapped = await mapGlobusError(
      transferError(403, {
        code: 'ConsentRequired',
        message: 'Missing required data_access consent',
        required_scopes: [`${TRANSFER}[*https://auth.globus.org/scopes/${other}/data_access]`]
      }),
      context({
        submissionScope:
          'https://auth.globus.org/scopes/5e1f0000-0000-4000-8000-00000000a001/submit'
      })
    );
    expect(mapped.status).toBe(401);
    expect(mapped.body.kind).toBe('consent_required');
    expect(mapped.body.authorization_parameters).toBeUndefined();
    const url = new URL(mapped.body.login_url ?? '');
    expect(`${url.origin}${url.pathname}`).toBe(
      'https://hub.example.org/user/alice/globus-jupyterlab/login'
    );
    const dependent = `${TRANSFER}[https://auth.globus.org/scopes/${other}/data_access]`;
    expect(url.searchParams.get('requested_scopes')?.split(' ')).toEqual([
      'openid',
      'profile',
      dependent,
      `https://auth.globus.org/scopes/5e1f0000-0000-4000-8000-00000000a001/submit[${dependent}]`
    ]);
  });

  it('a GARE for an auth policy is passed through and becomes a session login', async () => {
    const mapped = await mapGlobusError(
      transferError(403, {
        code: 'AuthPolicyFailed',
        message: 'Auth policy not satisfied',
        authorization_parameters: {
          session_required_policies: 'p1,p2',
          session_message: 'Policy says no',
          unknown_key: 1
        }
      }),
      context()
    );
    expect(mapped.status).toBe(401);
    expect(mapped.body.kind).toBe('session_required');
    expect(mapped.body.authorization_parameters).toEqual({
      session_required_policies: ['p1', 'p2'],
      session_message: 'Policy says no'
    });
    const q = new URL(mapped.body.login_url ?? '').searchParams;
    expect(q.get('session_required_policies')).toBe('p1,p2');
    expect(q.get('prompt')).toBe('login');
    expect(q.get('requested_scopes')).toBe(`${TRANSFER} profile openid`);
  });

  it('HA with no identity in the allowed domain asks Auth for one from that domain', async () => {
    const result = {
      DATA_TYPE: 'result#1.0.0',
      code: 'permission_denied',
      detail: { DATA_TYPE: 'not_from_allowed_domain#1.0.0', allowed_domains: ['globus.org'] }
    };
    const asked: string[][] = [];
    const mapped = await mapGlobusError(
      transferError(502, {
        code: 'ExternalError.DirListingFailed.LoginFailed',
        message: gridftpMessage(result)
      }),
      context({
        identitiesInDomains: async domains => {
          asked.push(domains);
          return [];
        }
      })
    );
    expect(asked).toEqual([['globus.org']]);
    expect(mapped.body.kind).toBe('session_required');
    const q = new URL(mapped.body.login_url ?? '').searchParams;
    expect(q.get('session_required_identities')).toBeNull();
    expect(q.get('session_required_single_domain')).toBe('globus.org');
    expect(q.get('session_message')).toBe('The collection you selected requires a fresh login');
  });

  it('an ordinary Globus error keeps its status and is neither login nor intervention', async () => {
    const mapped = await mapGlobusError(
      transferError(409, { code: 'Conflict', message: 'submission_id reused' }),
      context({ collectionId: undefined })
    );
    expect(mapped).toEqual({
      status: 409,
      body: {
        kind: 'globus_error',
        error: 'Conflict',
        details: 'submission_id reused',
        login_required: false,
        requires_user_intervention: false
      }
    });
  });
});
