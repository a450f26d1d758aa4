/**
 * The Globus Transfer routes through the real shim against the sandbox: search, detail,
 * listing, autoactivate, bookmarks and tasks, plus input validation.
 */
import type { Sandbox } from '../../sandbox';
import type {
  BookmarkListResponse,
  EndpointListResponse,
  FileListResponse,
  GlobusErrorBody,
  InvalidInputBody,
  TaskDocument,
  TaskListResponse
} from '../../src/api/types';
import { SANDBOX_IDS, startShim, withSandbox, type Shim } from './support';

let sandbox: Sandbox;
let shim: Shim;

beforeAll(async () => {
  sandbox = await withSandbox();
  shim = await startShim({ sandbox, env: { GLOBUS_COLLECTION_ID: SANDBOX_IDS.gcp } });
  await shim.login();
});
afterAll(async () => {
  await shim.close();
  await sandbox.stop();
});

describe('not logged in', () => {
  it('answers 401 login_required with an absolute /login URL on every Globus route', async () => {
    const anonymous = await startShim({ sandbox });
    try {
      const routes = [
        '/endpoint_search?filter_fulltext=tutorial',
        `/endpoint_detail?endpoint=${SANDBOX_IDS.tutorial1}`,
        `/operation_ls?endpoint=${SANDBOX_IDS.tutorial1}`,
        '/bookmarks',
        '/submission_id',
        '/tasks',
        `/task/${SANDBOX_IDS.tutorial1}`,
        `/task/${SANDBOX_IDS.tutorial1}/event_list`,
        '/whoami'
      ];
      for (const route of routes) {
        const { status, body } = await anonymous.json<GlobusErrorBody>(route, {
          headers: { 'x-forwarded-prefix': '/jupyter/globus-jupyterlab' }
        });
        expect({ route, status }).toEqual({ route, status: 401 });
        expect(body).toMatchObject({
          kind: 'login_required',
          login_required: true,
          requires_user_intervention: false,
          login_url: `http://${new URL(anonymous.url).host}/jupyter/globus-jupyterlab/login`
        });
      }
    } finally {
      await anonymous.close();
    }
  });
});

describe('GET /endpoint_search', () => {
  it('passes Globus endpoint_list through, hiding non-functional endpoints by default', async () => {
    const { status, body } = await shim.json<EndpointListResponse>(
      '/endpoint_search?filter_fulltext=Sandbox%20University&limit=50'
    );
    expect(status).toBe(200);
    expect(body.DATA_TYPE).toBe('endpoint_list');
    const ids = body.DATA.map(e => e.id);
    expect(ids).toContain(SANDBOX_IDS.mapped);
    expect(ids).not.toContain(SANDBOX_IDS.nonFunctional);

    const all = await shim.json<EndpointListResponse>(
      '/endpoint_search?filter_fulltext=Sandbox%20University&filter_non_functional=true&limit=50'
    );
    expect(all.body.DATA.map(e => e.id)).toContain(SANDBOX_IDS.nonFunctional);
  });

  it('pages with limit and offset', async () => {
    const first = await shim.json<EndpointListResponse>(
      '/endpoint_search?filter_fulltext=Lab&limit=10&offset=0'
    );
    const second = await shim.json<EndpointListResponse>(
      '/endpoint_search?filter_fulltext=Lab&limit=10&offset=10'
    );
    expect(first.body).toMatchObject({ limit: 10, offset: 0, has_next_page: true });
    expect(second.body.offset).toBe(10);
    const overlap = first.body.DATA.filter(a => second.body.DATA.some(b => b.id === a.id));
    expect(overlap).toEqual([]);
  });

  it('names the bad field in a 400', async () => {
    const cases: Array<[string, string]> = [
      ['/endpoint_search?limit=1000', 'limit'],
      ['/endpoint_search?limit=ten', 'limit'],
      ['/endpoint_search?filter_scope=everything', 'filter_scope'],
      ['/endpoint_search?filter_owner_id=bob', 'filter_owner_id'],
      ['/endpoint_search?filter_non_functional=maybe', 'filter_non_functional']
    ];
    for (const [route, field] of cases) {
      const { status, body } = await shim.json<InvalidInputBody>(route);
      expect(status).toBe(400);
      expect(body.code).toBe('InvalidInput');
      expect(body.message).toContain(`"${field}"`);
    }
  });
});

describe('GET /endpoint_detail and /operation_ls', () => {
  it('answers the endpoint document (by endpoint or endpoint_id)', async () => {
    for (const key of ['endpoint', 'endpoint_id']) {
      const { status, body } = await shim.json(`/endpoint_detail?${key}=${SANDBOX_IDS.tutorial1}`);
      expect(status).toBe(200);
      expect(body).toMatchObject({ DATA_TYPE: 'endpoint', id: SANDBOX_IDS.tutorial1 });
    }
    const missing = await shim.json<InvalidInputBody>('/endpoint_detail');
    expect(missing).toEqual({
      status: 400,
      body: { code: 'InvalidInput', message: expect.stringContaining('"endpoint"') }
    });
  });

  it('lists a folder, hiding dot files unless show_hidden', async () => {
    const listing = await shim.json<FileListResponse>(
      `/operation_ls?endpoint=${SANDBOX_IDS.tutorial1}&path=/share/godata`
    );
    expect(listing.status).toBe(200);
    expect(listing.body.DATA_TYPE).toBe('file_list');
    expect(listing.body.DATA.map(f => f.name).sort()).toEqual([
      'file1.txt',
      'file2.txt',
      'file3.txt'
    ]);

    const hidden = await shim.json<FileListResponse>(
      `/operation_ls?endpoint=${SANDBOX_IDS.tutorial2}&path=/home`
    );
    expect(hidden.body.DATA.map(f => f.name)).not.toContain('.keep');
    const shown = await shim.json<FileListResponse>(
      `/operation_ls?endpoint=${SANDBOX_IDS.tutorial2}&path=/home&show_hidden=true`
    );
    expect(shown.body.DATA.map(f => f.name)).toContain('.keep');
  });

  it("keeps Globus's status and code for an ordinary Globus error", async () => {
    const { status, body } = await shim.json<GlobusErrorBody>(
      `/operation_ls?endpoint=${SANDBOX_IDS.tutorial1}&path=/no/such/folder`
    );
    expect(status).toBe(404);
    expect(body).toMatchObject({
      kind: 'globus_error',
      login_required: false,
      requires_user_intervention: false,
      collection_id: SANDBOX_IDS.tutorial1
    });
    expect(body.error).toMatch(/NotFound/);
  });

  it('requires the endpoint parameter', async () => {
    const { status, body } = await shim.json<InvalidInputBody>('/operation_ls?path=/');
    expect(status).toBe(400);
    expect(body.message).toContain('"endpoint"');
  });
});

describe('bookmarks', () => {
  it('creates, lists and deletes the user’s Globus bookmarks', async () => {
    const created = await shim.post<{ id: string; name: string }>('/bookmarks', {
      name: 'Tutorial data',
      endpoint_id: SANDBOX_IDS.tutorial1,
      path: '/share/godata/'
    });
    expect(created.status).toBe(200);
    expect(created.body.name).toBe('Tutorial data');

    const list = await shim.json<BookmarkListResponse>('/bookmarks');
    expect(list.body.DATA.map(b => b.id)).toContain(created.body.id);

    const deleted = await shim.fetch(`/bookmarks/${created.body.id}`, { method: 'DELETE' });
    expect(deleted.status).toBe(200);
    const after = await shim.json<BookmarkListResponse>('/bookmarks');
    expect(after.body.DATA.map(b => b.id)).not.toContain(created.body.id);

    const bad = await shim.post<InvalidInputBody>('/bookmarks', {
      name: 'x',
      endpoint_id: SANDBOX_IDS.tutorial1,
      path: 'relative'
    });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain('"path"');
  });
});

describe('tasks', () => {
  it('lists, reads, follows events of and cancels the user’s tasks', async () => {
    const submitted = await shim.post<{ task_id: string }>('/submit_transfer', {
      source_endpoint: SANDBOX_IDS.gcp,
      destination_endpoint: SANDBOX_IDS.tutorial2,
      DATA: [
        { source_path: '/data/measurements.csv', destination_path: '/home/m.csv', recursive: false }
      ],
      label: 'task route test'
    });
    expect(submitted.status).toBe(200);
    const taskId = submitted.body.task_id;

    const task = await shim.json<TaskDocument>(`/task/${taskId}`);
    expect(task.body).toMatchObject({
      DATA_TYPE: 'task',
      task_id: taskId,
      label: 'task route test'
    });

    const list = await shim.json<TaskListResponse>('/tasks?limit=5');
    expect(list.body.DATA_TYPE).toBe('task_list');
    expect(list.body.DATA.map(t => t.task_id)).toContain(taskId);

    await sandbox.waitForTask(taskId);
    const succeeded = await shim.json<TaskListResponse>('/tasks?filter_status=SUCCEEDED');
    expect(succeeded.body.DATA.map(t => t.task_id)).toContain(taskId);
    const active = await shim.json<TaskListResponse>('/tasks?filter_status=ACTIVE,INACTIVE');
    expect(active.body.DATA.map(t => t.task_id)).not.toContain(taskId);

    const events = await shim.json<{ DATA_TYPE: string; DATA: unknown[] }>(
      `/task/${taskId}/event_list`
    );
    expect(events.body.DATA_TYPE).toBe('event_list');
    expect(events.body.DATA.length).toBeGreaterThan(0);

    const cancel = await shim.post<{ code: string }>(`/task/${taskId}/cancel`, {});
    expect(cancel.status).toBe(200);
    expect(typeof cancel.body.code).toBe('string');

    const badFilter = await shim.json<InvalidInputBody>('/tasks?filter_status=DONE');
    expect(badFilter.status).toBe(400);
    expect(badFilter.body.message).toContain('"filter_status"');
    const badId = await shim.json<InvalidInputBody>('/task/not-a-uuid');
    expect(badId.status).toBe(400);
    expect(badId.body.message).toContain('"id"');
  });
});

describe('POST /endpoint_autoactivate', () => {
  it('activates a GCSv4 endpoint so it can be listed', async () => {
    const before = await shim.json<GlobusErrorBody>(`/operation_ls?endpoint=${SANDBOX_IDS.gcsv4}`);
    expect(before.status).toBe(401);
    expect(before.body.kind).toBe('activation_required');
    const activated = await shim.post<{ DATA_TYPE: string; code: string }>(
      '/endpoint_autoactivate',
      {
        endpoint_id: SANDBOX_IDS.gcsv4
      }
    );
    expect(activated.status).toBe(200);
    expect(activated.body.DATA_TYPE).toBe('activation_result');
    const after = await shim.json<FileListResponse>(
      `/operation_ls?endpoint=${SANDBOX_IDS.gcsv4}&path=/old`
    );
    expect(after.status).toBe(200);
    const missing = await shim.post<InvalidInputBody>('/endpoint_autoactivate', {});
    expect(missing.status).toBe(400);
    expect(missing.body.message).toContain('"endpoint_id"');
  });
});
