/**
 * The wizard's transfer submission: one Globus submission_id per transfer document, kept
 * across retries (a lost answer then makes Transfer say "Duplicate", never start a second task).
 * The shim is faked at its HTTP boundary; the real client runs on top.
 */
import { createIdempotentSubmitter } from '../../src/api/submission';
import type { TransferRequest } from '../../src/api/types';
import { fakeShim } from '../components/support/fakeShim';

const request: TransferRequest = {
  source_endpoint: 'local',
  destination_endpoint: 'remote',
  DATA: [{ source_path: '/a.txt', destination_path: '/~/a.txt', recursive: false }],
  label: 'run 1'
};

function shimIssuingIds() {
  let issued = 0;
  let submissions = 0;
  const shim = fakeShim({
    'GET submission_id': () => [200, { DATA_TYPE: 'submission_id', value: `sub-${++issued}` }],
    // The first answer is lost on the way back, as when a proxy drops the connection.
    'POST submit_transfer': () =>
      ++submissions === 1 ? [502, 'Bad Gateway'] : [202, { task_id: 'task-1', code: 'Accepted' }]
  });
  const submitted = () =>
    shim.requests
      .filter(r => r.route === 'submit_transfer')
      .map(r => (r.body as TransferRequest).submission_id);
  return { shim, submitted };
}

describe('createIdempotentSubmitter', () => {
  it('retries the same document with the same submission_id', async () => {
    const { shim, submitted } = shimIssuingIds();
    const submit = createIdempotentSubmitter(shim.client);
    await expect(submit(request)).rejects.toBeTruthy();
    await expect(submit({ ...request })).resolves.toMatchObject({ task_id: 'task-1' });
    expect(submitted()).toEqual(['sub-1', 'sub-1']);
    expect(shim.count('GET submission_id')).toBe(1);
  });

  it('gives a changed document a new id (Transfer refuses a reused id for another document)', async () => {
    const { shim, submitted } = shimIssuingIds();
    const submit = createIdempotentSubmitter(shim.client);
    await expect(submit(request)).rejects.toBeTruthy();
    await submit({ ...request, label: 'run 2' });
    expect(submitted()).toEqual(['sub-1', 'sub-2']);
  });

  it("keeps a caller's own submission_id", async () => {
    const { shim, submitted } = shimIssuingIds();
    const submit = createIdempotentSubmitter(shim.client);
    await expect(submit({ ...request, submission_id: 'mine' })).rejects.toBeTruthy();
    expect(submitted()).toEqual(['mine']);
    expect(shim.count('GET submission_id')).toBe(0);
  });
});
