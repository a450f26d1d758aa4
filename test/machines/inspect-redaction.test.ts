import { REDACTED, redactForInspector } from '../../src/machines/inspect-redaction';
import { consentRequired } from './support/fixtures';

describe('redactForInspector', () => {
  it('hides the pasted authorization code', () => {
    expect(redactForInspector({ type: 'code.submit', code: 'Xy7pQ2abc' })).toEqual({
      type: 'code.submit',
      code: REDACTED
    });
  });

  it('hides it inside an inspection event and leaves the input untouched', () => {
    const inspected = {
      type: '@xstate.event',
      sessionId: 'x:1',
      event: { type: 'code.submit', code: 'Xy7pQ2abc' }
    };
    const redacted = redactForInspector(inspected);
    expect(redacted.event.code).toBe(REDACTED);
    expect(inspected.event.code).toBe('Xy7pQ2abc');
    expect(JSON.stringify(redacted)).not.toContain('Xy7pQ2abc');
  });

  it('hides the code the shim echoes in its copy-code answer', () => {
    const response = { result: true, status_code: 200, code: 'a1b2c3', message: 'ok' };
    expect(redactForInspector(response)).toEqual({ ...response, code: REDACTED });
  });

  it('keeps Globus error codes, ids and login URLs without secrets', () => {
    expect(redactForInspector(consentRequired)).toEqual(consentRequired);
    const failure = { code: 'popup_blocked', message: '' };
    expect(redactForInspector(failure)).toEqual(failure);
  });

  it('hides token-like keys at any depth', () => {
    const snapshot = {
      context: {
        tokens: { 'transfer.api.globus.org': { access_token: 'AgX' } },
        refresh_token: 'Ag9',
        client_secret: 's3',
        nested: [{ id_token: 'eyJ', password: 'pw', authorization: 'Bearer abc' }]
      }
    };
    const text = JSON.stringify(redactForInspector(snapshot));
    for (const secret of ['AgX', 'Ag9', 's3', 'eyJ', 'pw', 'Bearer abc']) {
      expect(text).not.toContain(secret);
    }
  });

  it('hides secret query parameters and bearer tokens inside strings', () => {
    const url =
      'http://127.0.0.1:8888/globus-jupyterlab/oauth_callback?code=SECRETCODE&state=ST4TE&x=1';
    expect(redactForInspector({ href: url })).toEqual({
      href: `http://127.0.0.1:8888/globus-jupyterlab/oauth_callback?code=${REDACTED}&state=${REDACTED}&x=1`
    });
    expect(redactForInspector('Authorization: Bearer eyJhbGciOi.xyz')).toBe(
      `Authorization: Bearer ${REDACTED}`
    );
  });

  it('copes with cycles and non-plain objects', () => {
    const cyclic: Record<string, unknown> = { type: 'x', token: 't0k' };
    cyclic.self = cyclic;
    const redacted = redactForInspector(cyclic) as Record<string, unknown>;
    expect(redacted.token).toBe(REDACTED);
    expect(redacted.self).toBe(redacted);
    const error = new Error('boom');
    expect(redactForInspector({ error }).error).toBe(error);
  });
});
