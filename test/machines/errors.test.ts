import { isRecoverableKind, toGlobusError, toLoginFailure } from '../../src/machines/errors';
import { consentRequired, notFound, RECOVERABLE_KINDS } from './support/fixtures';

describe('toGlobusError', () => {
  it('passes the shim error body through', () => {
    expect(toGlobusError(consentRequired)).toBe(consentRequired);
  });

  it('unwraps an axios error carrying the body', () => {
    expect(
      toGlobusError({ isAxiosError: true, response: { status: 403, data: consentRequired } })
    ).toBe(consentRequired);
  });

  it('turns the shim 400/500 bodies into globus_error, keeping code and message', () => {
    expect(
      toGlobusError({
        response: { data: { code: 'InvalidInput', message: 'endpoint is required' } }
      })
    ).toMatchObject({
      kind: 'globus_error',
      error: 'InvalidInput',
      details: 'endpoint is required'
    });
  });

  it('turns plain Errors and anything else into globus_error', () => {
    expect(toGlobusError(new Error('Network Error'))).toMatchObject({
      kind: 'globus_error',
      error: 'UnexpectedError',
      details: 'Network Error'
    });
    expect(toGlobusError('boom')).toMatchObject({ kind: 'globus_error', details: 'boom' });
  });

  it('does not trust an unknown kind', () => {
    expect(toGlobusError({ ...notFound, kind: 'made_up' })).toMatchObject({
      kind: 'globus_error',
      error: 'UnexpectedError'
    });
  });
});

describe('isRecoverableKind', () => {
  it('is true for every kind a login or the web app fixes, false for globus_error', () => {
    for (const kind of RECOVERABLE_KINDS) {
      expect(isRecoverableKind(kind)).toBe(true);
    }
    expect(isRecoverableKind('globus_error')).toBe(false);
  });
});

describe('toLoginFailure', () => {
  it('keeps a known failure and turns the rest into unexpected', () => {
    expect(toLoginFailure({ code: 'popup_closed', message: '' })).toEqual({
      code: 'popup_closed',
      message: ''
    });
    expect(toLoginFailure({ code: 'nope', message: 'x' })).toEqual({
      code: 'unexpected',
      message: 'x'
    });
    expect(toLoginFailure(new Error('offline'))).toEqual({
      code: 'unexpected',
      message: 'offline'
    });
  });
});
