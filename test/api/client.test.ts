import {
  ShimError,
  describeError,
  describeMachineError,
  isGlobusAuthError,
  toMachineError,
  toShimError
} from '../../src/api/errors';
import { fakeShim } from '../components/support/fakeShim';
import { config, globusError, globusShimError } from '../components/support/fixtures';
import { nullTranslator } from '@jupyterlab/translation';
import { toGlobusError } from '../../src/machines/errors';

const trans = nullTranslator.load('globus');

async function failureOf(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(ShimError);
    return (error as ShimError).failure;
  }
  throw new Error('the call did not fail');
}

describe('createShimClient', () => {
  it('calls {baseUrl}globus-jupyterlab/<route> with the token and the XSRF header', async () => {
    const shim = fakeShim({ 'GET config': [200, config()] }, { token: 'abc', xsrf: 'x1' });
    const answer = await shim.client.config();
    expect(answer.collection_id).toBe(config().collection_id);
    expect(shim.requests[0].headers.Authorization).toBe('token abc');
    expect(shim.requests[0].headers['X-XSRFToken']).toBe('x1');
  });

  it('sends query parameters and JSON bodies under the original names', async () => {
    const shim = fakeShim({
      'GET endpoint_detail': [200, { id: 'e1' }],
      'POST submit_transfer': [202, { task_id: 't1' }],
      'POST task/t%2F1/cancel': [200, { code: 'Canceled', message: 'ok' }]
    });
    await shim.client.endpointDetail('e1');
    const submitted = await shim.client.submitTransfer({
      source_endpoint: 'a',
      destination_endpoint: 'b',
      DATA: [{ source_path: '/x', destination_path: '/y', recursive: false }]
    });
    await shim.client.cancelTask('t/1');
    expect(shim.requests[0].params).toEqual({ endpoint_id: 'e1' });
    expect(shim.requests[1].body).toMatchObject({
      source_endpoint: 'a',
      DATA: [{ source_path: '/x' }]
    });
    expect(submitted.task_id).toBe('t1');
    expect(shim.requests[2].route).toBe('task/t%2F1/cancel');
  });

  it('builds the login URL with extra parameters', () => {
    const shim = fakeShim();
    expect(shim.client.loginUrl({ prompt: 'login' })).toBe(
      'http://jupyter.test/base/globus-jupyterlab/login?prompt=login'
    );
  });
});

describe('error mapping', () => {
  it('keeps the Globus error body and its kind', async () => {
    const body = globusError('consent_required', { collection_id: 'c1' });
    const shim = fakeShim({ 'GET operation_ls': [401, body] });
    const failure = await failureOf(shim.client.operationLs({ endpoint: 'c1' }));
    expect(failure).toEqual({ type: 'globus', status: 401, body });
  });

  it("treats the original's bare 401 as login_required", async () => {
    const shim = fakeShim({ 'GET whoami': [401, { error: 'The user is not logged in' }] });
    const failure = await failureOf(shim.client.whoami());
    expect(failure.type === 'globus' && failure.body.kind).toBe('login_required');
  });

  it('maps InvalidInput, unexpected bodies and HTML error pages', async () => {
    const shim = fakeShim({
      'POST submit_transfer': [400, { code: 'InvalidInput', message: 'DATA: required' }],
      'GET tasks': [500, { code: 'UnexpectedError', message: 'boom' }],
      'GET bookmarks': [502, '<html>Bad Gateway</html>']
    });
    const invalid = await failureOf(shim.client.submitTransfer({} as never));
    expect(invalid).toMatchObject({ type: 'invalidInput', body: { message: 'DATA: required' } });
    expect(await failureOf(shim.client.tasks({}))).toMatchObject({
      type: 'unexpected',
      status: 500,
      code: 'UnexpectedError',
      detail: 'boom'
    });
    expect(await failureOf(shim.client.bookmarks())).toMatchObject({
      type: 'unexpected',
      status: 502,
      detail: '<html>Bad Gateway</html>'
    });
  });

  it('reports no answer as a network failure and aborts as cancelled', async () => {
    expect(toShimError(new Error('connect ECONNREFUSED')).failure).toEqual({
      type: 'network',
      detail: 'connect ECONNREFUSED'
    });
    const controller = new AbortController();
    controller.abort();
    const shim = fakeShim({ 'GET config': [200, config()] });
    expect(await failureOf(shim.client.config({ signal: controller.signal }))).toEqual({
      type: 'cancelled'
    });
  });

  it('tells auth errors (not retried) from others, with a readable message', () => {
    const consent = globusShimError('consent_required', 401);
    const notFound = globusShimError('globus_error', 404);
    expect(isGlobusAuthError(consent)).toBe(true);
    expect(isGlobusAuthError(notFound)).toBe(false);
    expect(isGlobusAuthError(new ShimError({ type: 'network', detail: 'x' }))).toBe(false);
    expect(describeError(notFound, trans)).toBe(
      'Globus error ClientError.NotFound: details of globus_error'
    );
    expect(describeError(consent, trans)).toMatch(/consent/);
  });
});

describe('toMachineError', () => {
  it('gives the machines the Globus body, or {code, message} for other failures', () => {
    const body = globusError('session_required');
    expect(toMachineError(new ShimError({ type: 'globus', status: 401, body }))).toBe(body);
    expect(toMachineError(new ShimError({ type: 'network', detail: 'ECONNRESET' }))).toEqual({
      code: 'NetworkError',
      message: 'ECONNRESET'
    });
    expect(
      toMachineError(
        new ShimError({
          type: 'invalidInput',
          status: 400,
          body: { code: 'InvalidInput', message: 'DATA: required' }
        })
      )
    ).toEqual({ code: 'InvalidInput', message: 'DATA: required' });
    expect(toMachineError(new Error('boom'))).toEqual({ code: 'UnexpectedError', message: 'boom' });
  });

  it('lets the wizard word a failure the machines hold as the API layer does', () => {
    const failures = [
      new ShimError({ type: 'network', detail: 'ECONNRESET' }),
      new ShimError({
        type: 'invalidInput',
        status: 400,
        body: { code: 'InvalidInput', message: 'DATA: required' }
      }),
      globusShimError('consent_required', 401)
    ];
    for (const failure of failures) {
      const held = toGlobusError(toMachineError(failure));
      expect(describeMachineError(held, trans)).toBe(describeError(failure, trans));
    }
    expect(describeMachineError(toGlobusError(toMachineError(new Error('boom'))), trans)).toBe(
      'Unexpected error: boom'
    );
  });
});
