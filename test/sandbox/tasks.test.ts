import fs from 'node:fs';
import path from 'node:path';
import { IDENTITIES, startSandbox, type Sandbox, type TaskDocument } from '../../sandbox';
import { call, transferToken } from './helpers';

let sandbox: Sandbox;
let token: string;
let dest: string;
beforeAll(async () => {
  sandbox = await startSandbox();
  token = transferToken(sandbox);
  dest = sandbox.roots[sandbox.ids.tutorial2] as string;
});
afterAll(() => sandbox.stop());

async function submissionId(): Promise<string> {
  const { status, body } = await call(sandbox, 'GET', '/v0.10/submission_id', { token });
  expect(status).toBe(200);
  return body.value as string;
}

async function submit(doc: Record<string, unknown>, as = token) {
  return call(sandbox, 'POST', '/v0.10/transfer', {
    token: as,
    json: {
      DATA_TYPE: 'transfer',
      submission_id: await submissionId(),
      source_endpoint: sandbox.ids.tutorial1,
      destination_endpoint: sandbox.ids.tutorial2,
      ...doc
    }
  });
}

const item = (source_path: string, destination_path: string, recursive = false) => ({
  DATA_TYPE: 'transfer_item',
  source_path,
  destination_path,
  recursive
});

async function submitAndWait(doc: Record<string, unknown>): Promise<TaskDocument> {
  const { status, body } = await submit(doc);
  expect(status).toBe(202);
  return sandbox.waitForTask(body.task_id as string);
}

describe('GET /v0.10/submission_id', () => {
  it('returns a fresh UUID each call', async () => {
    const a = await submissionId();
    const b = await submissionId();
    expect(a).toMatch(/^[0-9a-f-]{36}$/);
    expect(a).not.toBe(b);
  });
});

describe('POST /v0.10/transfer validation', () => {
  it.each([
    [
      { DATA: [] },
      'ClientError.BadRequest.NoTransferItems',
      'A transfer requires at least one item'
    ],
    [{ DATA: [item('/a', '/b')], sync_level: 7 }, 'ClientError.BadRequest', 'sync_level'],
    [{ DATA: [item('/a', '/b')], sync_level: 'exists' }, 'ClientError.BadRequest', 'sync_level'],
    [
      { DATA: [item('/a', '/b')], verify_checksum: 'yes' },
      'ClientError.BadRequest',
      'verify_checksum'
    ],
    [{ DATA: [item('/a', '/b')], deadline: 'tomorrow' }, 'ClientError.BadRequest', 'deadline'],
    [{ DATA: [item('/a', '/b')], label: 'x'.repeat(129) }, 'ClientError.BadRequest', 'label'],
    [
      { DATA: [item('/a', '/b')], notify_on_failed: 1 },
      'ClientError.BadRequest',
      'notify_on_failed'
    ],
    [
      { DATA: [item('/a', '/b')], colour: 'blue' },
      'ClientError.BadRequest',
      "unknown field(s) 'colour'"
    ],
    [
      { DATA: [{ source_path: '/a', destination_path: '/b', recursive: 'no' }] },
      'ClientError.BadRequest',
      'DATA.0.recursive'
    ],
    [
      { DATA: [{ source_path: '', destination_path: '/b' }] },
      'ClientError.BadRequest',
      'DATA.0.source_path'
    ],
    [
      { DATA: [item('/a', '/b')], source_endpoint: 'nope' },
      'ClientError.BadRequest',
      'source_endpoint'
    ]
  ])('refuses %j with %s naming the field', async (doc, code, fragment) => {
    const { status, body } = await submit(doc);
    expect(status).toBe(400);
    expect(body).toMatchObject({ code, resource: '/transfer' });
    expect(body.message).toContain(fragment);
  });

  it('refuses a missing submission_id', async () => {
    const { status, body } = await call(sandbox, 'POST', '/v0.10/transfer', {
      token,
      json: {
        source_endpoint: sandbox.ids.tutorial1,
        destination_endpoint: sandbox.ids.tutorial2,
        DATA: [item('/a', '/b')]
      }
    });
    expect(status).toBe(400);
    expect(body.message).toContain('submission_id');
  });

  it('refuses malformed JSON', async () => {
    const response = await fetch(`${sandbox.url}/v0.10/transfer`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: '{"DATA": ['
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      code: 'ClientError.BadRequest',
      message: 'Request body is not valid JSON'
    });
  });

  it('answers 404 EndpointNotFound for an unknown destination', async () => {
    const { status, body } = await submit({
      destination_endpoint: '00000000-0000-4000-8000-0000000000ee',
      DATA: [item('/a', '/b')]
    });
    expect(status).toBe(404);
    expect(body.code).toBe('EndpointNotFound');
  });

  it('answers ConsentRequired when a mapped collection lacks data_access', async () => {
    const { status, body } = await submit({
      destination_endpoint: sandbox.ids.mapped,
      DATA: [item('/a', '/b')]
    });
    expect(status).toBe(403);
    expect(body).toMatchObject({ code: 'ConsentRequired', resource: '/transfer' });
  });
});

describe('tasks copy real files', () => {
  it('copies a file and reports SUCCEEDED with counters, events and successful_transfers', async () => {
    const { status, body } = await submit({
      label: 'one file',
      DATA: [item('/share/godata/file1.txt', '/copies/file1.txt')]
    });
    expect(status).toBe(202);
    expect(body).toMatchObject({
      DATA_TYPE: 'transfer_result',
      code: 'Accepted',
      message:
        'The transfer has been accepted and a task has been created and queued for execution',
      resource: '/transfer'
    });
    const taskId = body.task_id as string;
    expect(body.task_link).toMatchObject({ href: `task/${taskId}?format=json`, resource: 'task' });
    const done = await sandbox.waitForTask(taskId);
    expect(done).toMatchObject({
      status: 'SUCCEEDED',
      label: 'one file',
      files: 1,
      files_transferred: 1,
      bytes_transferred: 23,
      bytes_checksummed: 46,
      fatal_error: null,
      nice_status: null,
      is_ok: null
    });
    expect(fs.readFileSync(path.join(dest, 'copies/file1.txt'), 'utf8')).toBe(
      'Globus tutorial file 1\n'
    );

    const viaApi = await call(sandbox, 'GET', `/v0.10/task/${taskId}`, { token });
    expect(viaApi.body).toMatchObject({
      DATA_TYPE: 'task',
      task_id: taskId,
      status: 'SUCCEEDED',
      type: 'TRANSFER'
    });
    expect(viaApi.body.completion_time).toMatch(/\+00:00$/);

    const events = await call(sandbox, 'GET', `/v0.10/task/${taskId}/event_list`, { token });
    expect(events.body).toMatchObject({ DATA_TYPE: 'event_list', total: 2 });
    expect((events.body.DATA as Array<{ code: string }>).map(e => e.code)).toEqual([
      'SUCCEEDED',
      'STARTED'
    ]);

    const ok = await call(sandbox, 'GET', `/v0.10/task/${taskId}/successful_transfers`, { token });
    expect(ok.body).toMatchObject({
      DATA_TYPE: 'successful_transfers',
      marker: 0,
      next_marker: null,
      DATA: [
        {
          DATA_TYPE: 'successful_transfer',
          source_path: '/share/godata/file1.txt',
          destination_path: '/copies/file1.txt',
          checksum_algorithm: 'MD5'
        }
      ]
    });
  });

  it('copies a folder recursively', async () => {
    const done = await submitAndWait({ DATA: [item('/share/godata/', '/tree/', true)] });
    expect(done).toMatchObject({
      status: 'SUCCEEDED',
      files: 3,
      files_transferred: 3,
      directories: 1
    });
    expect(fs.readdirSync(path.join(dest, 'tree')).sort()).toEqual([
      'file1.txt',
      'file2.txt',
      'file3.txt'
    ]);
  });

  it('throttles and shows progress while ACTIVE (bytes_transferred grows, then SUCCEEDED)', async () => {
    const slow = await startSandbox({ transferBytesPerSecond: 256 * 1024 });
    try {
      const slowToken = transferToken(slow, [
        `https://auth.globus.org/scopes/${slow.ids.mapped}/data_access`
      ]);
      const sid = (await call(slow, 'GET', '/v0.10/submission_id', { token: slowToken })).body
        .value as string;
      const { body } = await call(slow, 'POST', '/v0.10/transfer', {
        token: slowToken,
        json: {
          submission_id: sid,
          source_endpoint: slow.ids.mapped,
          destination_endpoint: slow.ids.tutorial2,
          DATA: [item('/data/raw/sample-001.dat', '/sample.dat')]
        }
      });
      const taskId = body.task_id as string;
      // Poll until the first chunk is counted (the whole copy takes ~1 s at this rate).
      let mid = await call(slow, 'GET', `/v0.10/task/${taskId}`, { token: slowToken });
      for (let i = 0; i < 100 && (mid.body.bytes_transferred as number) === 0; i++) {
        await new Promise(r => setTimeout(r, 10));
        mid = await call(slow, 'GET', `/v0.10/task/${taskId}`, { token: slowToken });
      }
      expect(mid.body).toMatchObject({ status: 'ACTIVE', is_ok: true, nice_status: 'OK' });
      expect(mid.body.bytes_transferred as number).toBeGreaterThan(0);
      expect(mid.body.bytes_transferred as number).toBeLessThan(256 * 1024);
      const active = await call(slow, 'GET', '/v0.10/task_list?filter=status:ACTIVE', {
        token: slowToken
      });
      expect((active.body.DATA as Array<{ task_id: string }>).map(t => t.task_id)).toEqual([
        taskId
      ]);
      const done = await slow.waitForTask(taskId);
      expect(done).toMatchObject({ status: 'SUCCEEDED', bytes_transferred: 256 * 1024 });
      // The throttle caps the rate (a loaded machine may only be slower).
      expect(done.effective_bytes_per_second).toBeGreaterThan(0);
      expect(done.effective_bytes_per_second).toBeLessThanOrEqual(300 * 1024);
    } finally {
      await slow.stop();
    }
  });

  it('a missing source fails the task with FILE_NOT_FOUND (literal \\r\\n in the details)', async () => {
    const done = await submitAndWait({ DATA: [item('/share/godata/missing.txt', '/x.txt')] });
    expect(done).toMatchObject({
      status: 'FAILED',
      fatal_error: { code: 'FILE_NOT_FOUND', description: 'file not found' }
    });
    const events = await call(
      sandbox,
      'GET',
      `/v0.10/task/${done.task_id}/event_list?filter=is_error:1`,
      { token }
    );
    const data = events.body.DATA as Array<{ code: string; details: string; is_error: boolean }>;
    expect(data.map(e => e.code)).toEqual(['FILE_NOT_FOUND']);
    expect(data[0].details).toContain('c=PATH_NOT_FOUND\\r\\n');
  });

  it('skip_source_errors skips a missing source and copies the rest', async () => {
    const done = await submitAndWait({
      skip_source_errors: true,
      DATA: [
        item('/share/godata/missing.txt', '/skip/x.txt'),
        item('/share/godata/file2.txt', '/skip/file2.txt')
      ]
    });
    expect(done).toMatchObject({
      status: 'SUCCEEDED',
      files_transferred: 1,
      files_skipped: 1,
      subtasks_skipped_errors: 1
    });
    expect(fs.existsSync(path.join(dest, 'skip/file2.txt'))).toBe(true);
  });

  it('a directory without recursive fails the task', async () => {
    const done = await submitAndWait({ DATA: [item('/share/godata', '/nodir')] });
    expect(done.status).toBe('FAILED');
    expect(done.fatal_error?.code).toBe('ENDPOINT_ERROR');
  });

  it('sync_level 0 (exists) skips files already at the destination', async () => {
    fs.mkdirSync(path.join(dest, 'sync'), { recursive: true });
    fs.writeFileSync(path.join(dest, 'sync/file1.txt'), 'keep me');
    const done = await submitAndWait({
      sync_level: 0,
      DATA: [item('/share/godata/', '/sync/', true)]
    });
    expect(done).toMatchObject({ status: 'SUCCEEDED', files_transferred: 2, files_skipped: 1 });
    expect(fs.readFileSync(path.join(dest, 'sync/file1.txt'), 'utf8')).toBe('keep me');
    // Without sync_level the file is overwritten.
    await submitAndWait({ DATA: [item('/share/godata/file1.txt', '/sync/file1.txt')] });
    expect(fs.readFileSync(path.join(dest, 'sync/file1.txt'), 'utf8')).toBe(
      'Globus tutorial file 1\n'
    );
  });

  it('sync_level 3 (checksum) skips identical files and copies changed ones', async () => {
    fs.mkdirSync(path.join(dest, 'sum'), { recursive: true });
    fs.writeFileSync(path.join(dest, 'sum/file1.txt'), 'Globus tutorial file 1\n');
    fs.writeFileSync(path.join(dest, 'sum/file2.txt'), 'Globus tutorial file X\n');
    const done = await submitAndWait({
      sync_level: 3,
      DATA: [item('/share/godata/', '/sum/', true)]
    });
    expect(done).toMatchObject({ files_transferred: 2, files_skipped: 1 });
    expect(fs.readFileSync(path.join(dest, 'sum/file2.txt'), 'utf8')).toBe(
      'Globus tutorial file 2\n'
    );
  });

  it('delete_destination_extra removes files the source folder does not have', async () => {
    fs.mkdirSync(path.join(dest, 'mirror'), { recursive: true });
    fs.writeFileSync(path.join(dest, 'mirror/stale.txt'), 'old');
    await submitAndWait({
      delete_destination_extra: true,
      sync_level: 1,
      DATA: [item('/share/godata/', '/mirror/', true)]
    });
    expect(fs.readdirSync(path.join(dest, 'mirror')).sort()).toEqual([
      'file1.txt',
      'file2.txt',
      'file3.txt'
    ]);
  });

  it('preserve_timestamp sets the destination mtime to the source mtime', async () => {
    const src = path.join(sandbox.roots[sandbox.ids.tutorial1] as string, 'share/godata/file3.txt');
    const old = new Date('2020-01-02T03:04:05Z');
    fs.utimesSync(src, old, old);
    await submitAndWait({
      preserve_timestamp: true,
      DATA: [item('/share/godata/file3.txt', '/ts/file3.txt')]
    });
    expect(fs.statSync(path.join(dest, 'ts/file3.txt')).mtime.toISOString()).toBe(
      old.toISOString()
    );
    await submitAndWait({ DATA: [item('/share/godata/file3.txt', '/ts/file3b.txt')] });
    expect(fs.statSync(path.join(dest, 'ts/file3b.txt')).mtime.getFullYear()).toBeGreaterThan(2020);
  });

  it('verify_checksum=false does not checksum', async () => {
    const done = await submitAndWait({
      verify_checksum: false,
      DATA: [item('/share/godata/file1.txt', '/nv/file1.txt')]
    });
    expect(done).toMatchObject({
      verify_checksum: false,
      bytes_checksummed: 0,
      status: 'SUCCEEDED'
    });
  });

  it('refuses destination paths that climb out of the root (no file written outside)', async () => {
    const done = await submitAndWait({
      DATA: [item('/share/godata/file1.txt', '/../../escaped.txt')]
    });
    // `..` is normalised at the collection root, so the file lands inside it.
    expect(done.status).toBe('SUCCEEDED');
    expect(fs.existsSync(path.join(dest, 'escaped.txt'))).toBe(true);
    expect(fs.existsSync(path.join(path.dirname(dest), 'escaped.txt'))).toBe(false);
  });
});

describe('idempotent submission', () => {
  it('the same submission_id returns the first task and copies only once', async () => {
    const sid = await submissionId();
    const doc = {
      submission_id: sid,
      source_endpoint: sandbox.ids.tutorial1,
      destination_endpoint: sandbox.ids.tutorial2,
      DATA: [item('/share/godata/file2.txt', '/idem/file2.txt')]
    };
    const first = await call(sandbox, 'POST', '/v0.10/transfer', { token, json: doc });
    await sandbox.waitForTask(first.body.task_id as string);
    fs.writeFileSync(path.join(dest, 'idem/file2.txt'), 'changed after the first copy');
    const tasksBefore = sandbox.state.tasks.length;
    const second = await call(sandbox, 'POST', '/v0.10/transfer', { token, json: doc });
    expect(second.status).toBe(202);
    expect(second.body).toMatchObject({
      code: 'Duplicate',
      task_id: first.body.task_id,
      submission_id: sid
    });
    expect(sandbox.state.tasks.length).toBe(tasksBefore);
    expect(fs.readFileSync(path.join(dest, 'idem/file2.txt'), 'utf8')).toBe(
      'changed after the first copy'
    );
  });

  it('reusing a submission_id for a different document is a 409 Conflict', async () => {
    const sid = await submissionId();
    const base = {
      submission_id: sid,
      source_endpoint: sandbox.ids.tutorial1,
      destination_endpoint: sandbox.ids.tutorial2
    };
    await call(sandbox, 'POST', '/v0.10/transfer', {
      token,
      json: { ...base, DATA: [item('/share/godata/file1.txt', '/c/1')] }
    });
    const other = await call(sandbox, 'POST', '/v0.10/transfer', {
      token,
      json: { ...base, DATA: [item('/share/godata/file1.txt', '/c/2')] }
    });
    expect(other.status).toBe(409);
    expect(other.body.code).toBe('Conflict');
  });
});

describe('cancel, task_list, access', () => {
  it('cancel ends an ACTIVE task as FAILED with a CANCELED event; a finished task answers TaskComplete', async () => {
    const slow = await startSandbox({ transferBytesPerSecond: 64 * 1024 });
    try {
      const t = transferToken(slow, [
        `https://auth.globus.org/scopes/${slow.ids.mapped}/data_access`
      ]);
      const sid = (await call(slow, 'GET', '/v0.10/submission_id', { token: t })).body
        .value as string;
      const { body } = await call(slow, 'POST', '/v0.10/transfer', {
        token: t,
        json: {
          submission_id: sid,
          source_endpoint: slow.ids.mapped,
          destination_endpoint: slow.ids.tutorial2,
          DATA: [item('/data/raw/sample-001.dat', '/c.dat')]
        }
      });
      const taskId = body.task_id as string;
      await new Promise(r => setTimeout(r, 100));
      const cancel = await call(slow, 'POST', `/v0.10/task/${taskId}/cancel`, { token: t });
      expect(cancel.status).toBe(200);
      expect(cancel.body).toMatchObject({
        DATA_TYPE: 'result',
        code: 'Canceled',
        message: 'The task has been cancelled successfully.',
        resource: `/task/${taskId}/cancel`
      });
      const task = await call(slow, 'GET', `/v0.10/task/${taskId}`, { token: t });
      expect(task.body).toMatchObject({
        status: 'FAILED',
        fatal_error: { code: 'CANCELED', description: 'canceled' }
      });
      expect(task.body.bytes_transferred as number).toBeLessThan(256 * 1024);
      const events = await call(slow, 'GET', `/v0.10/task/${taskId}/event_list`, { token: t });
      expect((events.body.DATA as Array<Record<string, unknown>>)[0]).toMatchObject({
        code: 'CANCELED',
        details: 'Canceled by the task owner',
        is_error: true
      });
      const again = await call(slow, 'POST', `/v0.10/task/${taskId}/cancel`, { token: t });
      expect(again.body.code).toBe('TaskComplete');
    } finally {
      await slow.stop();
    }
  });

  it('task_list filters by status and label, pages, newest first', async () => {
    const a = await submitAndWait({
      label: 'listing alpha',
      DATA: [item('/share/godata/file1.txt', '/l/a')]
    });
    const b = await submitAndWait({
      label: 'listing beta',
      DATA: [item('/share/godata/nope', '/l/b')]
    });
    const labelled = await call(sandbox, 'GET', '/v0.10/task_list?filter=label:~listing', {
      token
    });
    expect((labelled.body.DATA as TaskDocument[]).map(t => t.task_id)).toEqual([
      b.task_id,
      a.task_id
    ]);
    const failed = await call(
      sandbox,
      'GET',
      '/v0.10/task_list?filter=label:~listing/status:FAILED',
      { token }
    );
    expect((failed.body.DATA as TaskDocument[]).map(t => t.task_id)).toEqual([b.task_id]);
    const page = await call(
      sandbox,
      'GET',
      '/v0.10/task_list?limit=1&offset=1&filter=label:~listing',
      { token }
    );
    expect(page.body).toMatchObject({
      DATA_TYPE: 'task_list',
      length: 1,
      limit: 1,
      offset: 1,
      total: 2
    });
    const bad = await call(sandbox, 'GET', '/v0.10/task_list?filter=colour:red', { token });
    expect(bad.status).toBe(400);
  });

  it("another user's task is 404 ClientError.NotFound", async () => {
    const mine = await submitAndWait({ DATA: [item('/share/godata/file1.txt', '/o/a')] });
    const bobToken = transferToken(sandbox, [], IDENTITIES[3].id);
    const { status, body } = await call(sandbox, 'GET', `/v0.10/task/${mine.task_id}`, {
      token: bobToken
    });
    expect(status).toBe(404);
    expect(body.code).toBe('ClientError.NotFound');
    const list = await call(sandbox, 'GET', '/v0.10/task_list', { token: bobToken });
    expect(list.body.DATA).toEqual([]);
  });
});
