import { createQueryClient, globusKeys, MAX_POLL_MS, taskPollDelay } from '../../src/api/queries';
import { ShimError } from '../../src/api/errors';
import { globusError } from '../components/support/fixtures';

describe('taskPollDelay', () => {
  it('starts at the base interval and doubles every five polls, up to a minute', () => {
    expect(taskPollDelay(5000, 'ACTIVE', 0)).toBe(5000);
    expect(taskPollDelay(5000, 'ACTIVE', 4)).toBe(5000);
    expect(taskPollDelay(5000, 'ACTIVE', 5)).toBe(10_000);
    expect(taskPollDelay(5000, 'INACTIVE', 10)).toBe(20_000);
    expect(taskPollDelay(5000, 'ACTIVE', 100)).toBe(MAX_POLL_MS);
    expect(taskPollDelay(5000, undefined, 0)).toBe(5000);
  });

  it('stops for finished tasks', () => {
    expect(taskPollDelay(5000, 'SUCCEEDED', 3)).toBe(false);
    expect(taskPollDelay(5000, 'FAILED', 0)).toBe(false);
  });
});

describe('createQueryClient', () => {
  const retry = createQueryClient().getDefaultOptions().queries?.retry as (
    count: number,
    error: unknown
  ) => boolean;

  it('retries other failures twice, never Globus auth errors', () => {
    const network = new ShimError({ type: 'network', detail: 'x' });
    const consent = new ShimError({
      type: 'globus',
      status: 401,
      body: globusError('consent_required')
    });
    const notFound = new ShimError({
      type: 'globus',
      status: 404,
      body: globusError('globus_error')
    });
    expect(retry(0, network)).toBe(true);
    expect(retry(1, notFound)).toBe(true);
    expect(retry(2, network)).toBe(false);
    expect(retry(0, consent)).toBe(false);
  });

  it('reports failed queries to the runtime', async () => {
    const seen: ShimError[] = [];
    const client = createQueryClient(error => seen.push(error));
    const error = new ShimError({
      type: 'globus',
      status: 401,
      body: globusError('login_required')
    });
    await expect(
      client.fetchQuery({ queryKey: globusKeys.whoami(), queryFn: () => Promise.reject(error) })
    ).rejects.toBe(error);
    expect(seen).toEqual([error]);
  });
});
