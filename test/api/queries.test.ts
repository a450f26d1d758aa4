import {
  createQueryClient,
  FIRST_POLL_MS,
  globusKeys,
  MAX_POLL_MS,
  recentTasksPollDelay,
  taskPollDelay
} from '../../src/api/queries';
import { ShimError } from '../../src/api/errors';
import { globusShimError } from '../components/support/fixtures';

describe('recentTasksPollDelay', () => {
  const now = Date.parse('2026-12-04T12:00:00+00:00');
  const task = (status: 'ACTIVE' | 'SUCCEEDED', secondsAgo: number) => ({
    status,
    request_time: new Date(now - secondsAgo * 1000).toISOString()
  });

  it('stops once every task has finished', () => {
    expect(recentTasksPollDelay([], 5000, now)).toBe(false);
    expect(recentTasksPollDelay([task('SUCCEEDED', 3)], 5000, now)).toBe(false);
  });

  it('backs off with the age of the youngest running task, not the panel’s poll count', () => {
    expect(recentTasksPollDelay([task('ACTIVE', 3600)], 5000, now)).toBe(MAX_POLL_MS);
    // A task submitted late in a long session is followed at the base interval again.
    expect(recentTasksPollDelay([task('ACTIVE', 3600), task('ACTIVE', 2)], 5000, now)).toBe(5000);
    expect(recentTasksPollDelay([task('ACTIVE', 30)], 5000, now)).toBe(10_000);
  });
});

describe('taskPollDelay', () => {
  it('starts at the base interval and doubles every five polls, up to a minute', () => {
    expect(taskPollDelay(5000, 'ACTIVE', 0)).toBe(5000);
    expect(taskPollDelay(5000, 'ACTIVE', 4)).toBe(5000);
    expect(taskPollDelay(5000, 'ACTIVE', 5)).toBe(10_000);
    expect(taskPollDelay(5000, 'INACTIVE', 10)).toBe(20_000);
    expect(taskPollDelay(5000, 'ACTIVE', 100)).toBe(MAX_POLL_MS);
    expect(taskPollDelay(5000, undefined, 0)).toBe(5000);
  });

  it('with a first delay, checks quickly and doubles until the base interval, then backs off', () => {
    const delays = Array.from({ length: 10 }, (_, polls) =>
      taskPollDelay(5000, 'ACTIVE', polls, FIRST_POLL_MS)
    );
    expect(delays).toEqual([1000, 2000, 4000, 5000, 5000, 5000, 5000, 5000, 10_000, 10_000]);
    expect(taskPollDelay(5000, 'ACTIVE', 100, FIRST_POLL_MS)).toBe(MAX_POLL_MS);
    // An interval shorter than the first delay wins: the first delay never slows polling.
    expect(taskPollDelay(500, 'ACTIVE', 0, FIRST_POLL_MS)).toBe(500);
    expect(taskPollDelay(5000, 'SUCCEEDED', 0, FIRST_POLL_MS)).toBe(false);
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
    const consent = globusShimError('consent_required', 401);
    const notFound = globusShimError('globus_error', 404);
    expect(retry(0, network)).toBe(true);
    expect(retry(1, notFound)).toBe(true);
    expect(retry(2, network)).toBe(false);
    expect(retry(0, consent)).toBe(false);
  });

  it('reports failed queries to the runtime', async () => {
    const seen: ShimError[] = [];
    const client = createQueryClient(error => seen.push(error));
    const error = globusShimError('login_required', 401);
    await expect(
      client.fetchQuery({ queryKey: globusKeys.whoami(), queryFn: () => Promise.reject(error) })
    ).rejects.toBe(error);
    expect(seen).toEqual([error]);
  });
});
