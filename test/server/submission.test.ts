/**
 * POST /submit_transfer: path translation on the local collection's side, the transfer
 * options, idempotent retries, validation, and the custom submission service in both
 * modes (against a small resource server standing in for the deployment's service).
 */
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { connect, createServer as createNetServer, type AddressInfo, type Socket } from 'node:net';
import { join } from 'node:path';
import type { Sandbox } from '../../sandbox';
import { translatePath } from '../../server-ts/paths';
import type {
  InvalidInputBody,
  SubmissionIdResponse,
  TaskDocument,
  TransferSubmitResponse
} from '../../src/api/types';
import { SANDBOX_IDS, startShim, withSandbox, type Shim } from './support';

describe('translatePath (the seed rules)', () => {
  const rules = (posix: string | null, collection: string | null) => ({
    collectionId: SANDBOX_IDS.gcp,
    hostPosixBasepath: posix,
    hostCollectionBasepath: collection
  });

  it('maps POSIX paths to absolute collection paths', () => {
    expect(translatePath('/home/jovyan/foo.txt', rules('/home/jovyan', null))).toBe('/foo.txt');
    expect(translatePath('/home/jovyan/foo.txt', rules('/home/jovyan', '/shared'))).toBe(
      '/shared/foo.txt'
    );
    expect(translatePath('foo.txt', rules(null, '/shared'))).toBe('/shared/foo.txt');
    expect(translatePath('/home/jovyan', rules('/home/jovyan', null))).toBe('/');
    expect(translatePath('/home/jovyan/dir/', rules('/home/jovyan', '/shared'))).toBe(
      '/shared/dir/'
    );
    expect(translatePath('/home/jovyan/a/../b.txt', rules('/home/jovyan', null))).toBe('/b.txt');
  });

  it('leaves paths alone when neither base path is set', () => {
    expect(translatePath('/home/jovyan/foo.txt', rules(null, null))).toBe('/home/jovyan/foo.txt');
  });

  it('refuses a path outside the POSIX base path, naming both', () => {
    for (const outside of [
      '/home/jovyanX/foo.txt',
      '/etc/passwd',
      '/home/jovyan/../x',
      'foo.txt'
    ]) {
      expect(() => translatePath(outside, rules('/home/jovyan', null))).toThrow(
        new RegExp(`"${outside.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}".*"/home/jovyan"`)
      );
    }
  });
});

describe('submitting to Globus Transfer', () => {
  let sandbox: Sandbox;
  let shim: Shim;
  beforeAll(async () => {
    sandbox = await withSandbox();
    shim = await startShim({
      sandbox,
      env: {
        GLOBUS_COLLECTION_ID: SANDBOX_IDS.gcp,
        GLOBUS_HOST_POSIX_BASEPATH: '/home/jovyan'
      }
    });
    await shim.login();
  });
  afterAll(async () => {
    await shim.close();
    await sandbox.stop();
  });
  afterEach(() => sandbox.faults.clear());

  async function completed(taskId: string): Promise<TaskDocument> {
    return (await sandbox.waitForTask(taskId)) as unknown as TaskDocument;
  }

  it('translates the local source side and copies the file', async () => {
    const { status, body } = await shim.post<TransferSubmitResponse>('/submit_transfer', {
      source_endpoint: SANDBOX_IDS.gcp,
      destination_endpoint: SANDBOX_IDS.tutorial2,
      DATA: [
        {
          source_path: '/home/jovyan/hello.txt',
          destination_path: '/home/hello-copy.txt',
          recursive: false
        }
      ],
      label: 'from JupyterLab'
    });
    expect(status).toBe(200);
    expect(body.task_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(body.submission_id).toMatch(/^[0-9a-f-]{36}$/);
    const task = await completed(body.task_id);
    expect(task.status).toBe('SUCCEEDED');
    const copied = await readFile(
      join(sandbox.roots[SANDBOX_IDS.tutorial2] ?? '', 'home/hello-copy.txt'),
      'utf8'
    );
    expect(copied).toBe(await readFile(join(sandbox.gcpRoot, 'hello.txt'), 'utf8'));
  });

  it('translates the local destination side, under GLOBUS_HOST_COLLECTION_BASEPATH too', async () => {
    const both = await startShim({
      sandbox,
      env: {
        GLOBUS_COLLECTION_ID: SANDBOX_IDS.gcp,
        GLOBUS_HOST_POSIX_BASEPATH: '/home/jovyan',
        GLOBUS_HOST_COLLECTION_BASEPATH: '/data'
      }
    });
    try {
      await both.login();
      const { status, body } = await both.post<TransferSubmitResponse>('/submit_transfer', {
        source_endpoint: SANDBOX_IDS.tutorial1,
        destination_endpoint: SANDBOX_IDS.gcp,
        DATA: [
          {
            source_path: '/share/godata/',
            destination_path: '/home/jovyan/incoming/',
            recursive: true
          }
        ]
      });
      expect(status).toBe(200);
      expect((await completed(body.task_id)).status).toBe('SUCCEEDED');
      const file = await readFile(join(sandbox.gcpRoot, 'data/incoming/file1.txt'), 'utf8');
      expect(file).toBe('Globus tutorial file 1\n');
    } finally {
      await both.close();
    }
  });

  it('sends the transfer options with Globus names (sync_level as its integer)', async () => {
    const { body } = await shim.post<TransferSubmitResponse>('/submit_transfer', {
      source_endpoint: SANDBOX_IDS.gcp,
      destination_endpoint: SANDBOX_IDS.tutorial2,
      DATA: [
        { source_path: '/home/jovyan/data/', destination_path: '/home/data/', recursive: true }
      ],
      label: 'options',
      sync_level: 'checksum',
      verify_checksum: true,
      encrypt_data: true,
      preserve_timestamp: true,
      fail_on_quota_errors: true,
      skip_source_errors: true,
      notify_on_succeeded: false,
      deadline: new Date(Date.now() + 86_400_000).toISOString()
    });
    const task = (await completed(body.task_id)) as TaskDocument & Record<string, unknown>;
    expect(task).toMatchObject({
      label: 'options',
      sync_level: 3,
      verify_checksum: true,
      encrypt_data: true,
      preserve_timestamp: true,
      fail_on_quota_errors: true,
      skip_source_errors: true
    });
  });

  it('refuses paths outside the POSIX base path and transfers not touching the local collection', async () => {
    const outside = await shim.post<InvalidInputBody>('/submit_transfer', {
      source_endpoint: SANDBOX_IDS.gcp,
      destination_endpoint: SANDBOX_IDS.tutorial2,
      DATA: [
        { source_path: '/home/jovyanX/secret.txt', destination_path: '/home/x', recursive: false }
      ]
    });
    expect(outside.status).toBe(400);
    expect(outside.body.code).toBe('InvalidInput');
    expect(outside.body.message).toContain('/home/jovyanX/secret.txt');
    expect(outside.body.message).toContain('/home/jovyan"');

    const remote = await shim.post<InvalidInputBody>('/submit_transfer', {
      source_endpoint: SANDBOX_IDS.tutorial1,
      destination_endpoint: SANDBOX_IDS.tutorial2,
      DATA: [
        { source_path: '/share/godata/file1.txt', destination_path: '/home/f', recursive: false }
      ]
    });
    expect(remote.status).toBe(400);
    expect(remote.body.message).toContain(SANDBOX_IDS.gcp);
  });

  it('validates the document, naming the field', async () => {
    const base = {
      source_endpoint: SANDBOX_IDS.gcp,
      destination_endpoint: SANDBOX_IDS.tutorial2,
      DATA: [
        { source_path: '/home/jovyan/hello.txt', destination_path: '/home/h', recursive: false }
      ]
    };
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ ...base, DATA: [] }, 'DATA'],
      [{ ...base, sync_level: 'sometimes' }, 'sync_level'],
      [{ ...base, source_endpoint: 'laptop' }, 'source_endpoint'],
      [
        { ...base, DATA: [{ source_path: '/home/jovyan/a', destination_path: '/b' }] },
        'DATA.0.recursive'
      ],
      [{ ...base, deadline: 'tomorrow' }, 'deadline'],
      [{ ...base, sync_levle: 'size' }, 'sync_levle']
    ];
    for (const [document, field] of cases) {
      const { status, body } = await shim.post<InvalidInputBody>('/submit_transfer', document);
      expect({ field, status }).toEqual({ field, status: 400 });
      expect(body.message).toContain(field);
    }
    const notJson = await shim.fetch('/submit_transfer', {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify(base)
    });
    expect(notJson.status).toBe(415);
  });

  it('retries a 5xx or a dropped connection with the same submission_id: one task', async () => {
    for (const kind of ['status', 'drop'] as const) {
      const before = sandbox.state.tasks.length;
      const idsBefore = sandbox.state.submissionIds.length;
      sandbox.faults.inject({
        method: 'POST',
        path: '/v0.10/transfer',
        kind,
        status: 503,
        times: 1
      });
      const { status, body } = await shim.post<TransferSubmitResponse>('/submit_transfer', {
        source_endpoint: SANDBOX_IDS.gcp,
        destination_endpoint: SANDBOX_IDS.tutorial2,
        DATA: [
          {
            source_path: '/home/jovyan/hello.txt',
            destination_path: `/home/retry-${kind}.txt`,
            recursive: false
          }
        ]
      });
      expect({ kind, status }).toEqual({ kind, status: 200 });
      expect(sandbox.state.tasks.length).toBe(before + 1);
      expect(sandbox.state.submissionIds.length).toBe(idsBefore + 1);
      expect(body.submission_id).toBe(sandbox.state.submissionIds[idsBefore]);
      sandbox.faults.clear();
    }
  });

  it('gives up after the retries and says Globus failed', async () => {
    sandbox.faults.inject({ method: 'POST', path: '/v0.10/transfer', kind: 'status', status: 503 });
    const before = sandbox.state.tasks.length;
    const { status, body } = await shim.post<{ kind: string; error: string }>('/submit_transfer', {
      source_endpoint: SANDBOX_IDS.gcp,
      destination_endpoint: SANDBOX_IDS.tutorial2,
      DATA: [
        {
          source_path: '/home/jovyan/hello.txt',
          destination_path: '/home/never.txt',
          recursive: false
        }
      ]
    });
    expect(status).toBe(503);
    expect(body).toMatchObject({ kind: 'globus_error', error: 'ServiceUnavailable' });
    expect(sandbox.state.tasks.length).toBe(before);
  });

  it("reuses the client's submission_id: a repeat is Globus's Duplicate of the same task", async () => {
    // What the frontend does: one id from GET /submission_id per document, kept across retries.
    const issued = await shim.json<SubmissionIdResponse>('/submission_id');
    expect(issued).toEqual({
      status: 200,
      body: expect.objectContaining({ DATA_TYPE: 'submission_id', value: expect.any(String) })
    });
    const document = {
      source_endpoint: SANDBOX_IDS.gcp,
      destination_endpoint: SANDBOX_IDS.tutorial2,
      submission_id: issued.body.value,
      DATA: [
        {
          source_path: '/home/jovyan/hello.txt',
          destination_path: '/home/once.txt',
          recursive: false
        }
      ]
    };
    const first = await shim.post<TransferSubmitResponse>('/submit_transfer', document);
    const again = await shim.post<TransferSubmitResponse>('/submit_transfer', document);
    expect(first.body.code).toBe('Accepted');
    expect(again.body.code).toBe('Duplicate');
    expect(again.body.task_id).toBe(first.body.task_id);
  });
});

/**
 * A TCP relay to the sandbox that can lose the answer to the next transfer submission
 * after the sandbox has acted on it: the network failure that makes a blind retry
 * submit a transfer twice.
 */
async function startLossyRelay(
  target: string
): Promise<{ url: string; loseNextSubmitAnswer(): void; close(): Promise<void> }> {
  const { hostname, port } = new URL(target);
  let lose = false;
  const sockets = new Set<Socket>();
  const server = createNetServer(client => {
    const upstream = connect(Number(port), hostname);
    sockets.add(client).add(upstream);
    let submitting = false;
    client.on('data', chunk => {
      if (chunk.toString('latin1').startsWith('POST /v0.10/transfer')) submitting = true;
      upstream.write(chunk);
    });
    upstream.on('data', chunk => {
      if (submitting && lose) {
        lose = false;
        client.destroy();
        upstream.destroy();
        return;
      }
      client.write(chunk);
    });
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('close', end).on('error', end);
    upstream.on('close', end).on('error', end);
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${address.port}`,
    loseNextSubmitAnswer: () => {
      lose = true;
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>(resolve => server.close(() => resolve()));
    }
  };
}

describe('a lost answer to a submission', () => {
  it('is retried with the same submission_id: Globus answers Duplicate, one task exists', async () => {
    const sandbox = await withSandbox();
    const relay = await startLossyRelay(sandbox.url);
    const shim = await startShim({
      sandbox,
      env: {
        GLOBUS_COLLECTION_ID: SANDBOX_IDS.gcp,
        GLOBUS_SDK_SERVICE_URL_TRANSFER: relay.url
      }
    });
    try {
      await shim.login();
      relay.loseNextSubmitAnswer();
      const { status, body } = await shim.post<TransferSubmitResponse>('/submit_transfer', {
        source_endpoint: SANDBOX_IDS.gcp,
        destination_endpoint: SANDBOX_IDS.tutorial2,
        DATA: [{ source_path: '/hello.txt', destination_path: '/home/lost.txt', recursive: false }]
      });
      expect(status).toBe(200);
      // The first attempt created the task; the retry found it by its submission_id.
      expect(body.code).toBe('Duplicate');
      expect(sandbox.state.tasks.map(t => t.task_id)).toEqual([body.task_id]);
    } finally {
      await shim.close();
      await relay.close();
      await sandbox.stop();
    }
  });
});

interface Received {
  authorization: string | undefined;
  body: { transfer: Record<string, unknown>; globus_token: string | null };
}

/** A stand-in for a deployment's submission service: records what it receives. */
async function startSubmissionService(
  answer: (received: Received) => { status: number; body: string }
): Promise<{ url: string; received: Received[]; server: Server }> {
  const received: Received[] = [];
  const server = createServer((request: IncomingMessage, response) => {
    let text = '';
    request.on('data', chunk => (text += chunk));
    request.on('end', () => {
      const entry = { authorization: request.headers.authorization, body: JSON.parse(text) };
      received.push(entry);
      const { status, body } = answer(entry);
      response.writeHead(status, { 'content-type': 'application/json' }).end(body);
    });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/submit-transfer`, received, server };
}

describe('custom submission service (GLOBUS_TRANSFER_SUBMISSION_URL)', () => {
  const SERVICE_RS = '5e1f0000-0000-4000-8000-00000000a001';
  const SCOPE = `https://auth.globus.org/scopes/${SERVICE_RS}/submit`;
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await withSandbox();
  });
  afterAll(async () => sandbox.stop());

  const documentFor = (destination: string) => ({
    source_endpoint: SANDBOX_IDS.gcp,
    destination_endpoint: SANDBOX_IDS.tutorial2,
    DATA: [
      { source_path: '/home/jovyan/hello.txt', destination_path: destination, recursive: false }
    ],
    label: 'custom'
  });
  const serviceToken = () =>
    sandbox.state.issuedTokens
      .filter(t => t.kind === 'access' && t.resource_server === SERVICE_RS)
      .at(-1)?.token;

  it('posts {transfer, globus_token: null} with the Globus token as bearer', async () => {
    const taskId = randomUUID();
    const service = await startSubmissionService(() => ({
      status: 200,
      body: JSON.stringify({ task_id: taskId })
    }));
    const shim = await startShim({
      sandbox,
      env: {
        GLOBUS_COLLECTION_ID: SANDBOX_IDS.gcp,
        GLOBUS_HOST_POSIX_BASEPATH: '/home/jovyan',
        GLOBUS_TRANSFER_SUBMISSION_URL: service.url,
        GLOBUS_TRANSFER_SUBMISSION_SCOPE: SCOPE
      }
    });
    try {
      expect((await shim.post('/submit_transfer', documentFor('/home/a.txt'))).status).toBe(401);
      await shim.login();
      const { status, body } = await shim.post<TransferSubmitResponse>(
        '/submit_transfer',
        documentFor('/home/a.txt')
      );
      expect(status).toBe(200);
      expect(body.task_id).toBe(taskId);
      expect(service.received).toHaveLength(1);
      const [call] = service.received;
      expect(call.authorization).toBe(`Bearer ${serviceToken()}`);
      expect(call.body.globus_token).toBeNull();
      // The same Transfer document Globus would get (the original sent its TransferData).
      expect(call.body.transfer).toMatchObject({
        DATA_TYPE: 'transfer',
        source_endpoint: SANDBOX_IDS.gcp,
        destination_endpoint: SANDBOX_IDS.tutorial2,
        label: 'custom',
        DATA: [{ source_path: '/hello.txt', destination_path: '/home/a.txt', recursive: false }]
      });
      expect(body.submission_id).toBe(call.body.transfer.submission_id);
      // The transfer went to the service, not to Globus Transfer.
      expect(sandbox.state.tasks).toHaveLength(0);
    } finally {
      await shim.close();
      service.server.close();
    }
  });

  it('hub-service mode: the JupyterHub token authorises, the Globus token is in the body', async () => {
    const service = await startSubmissionService(() => ({
      status: 200,
      body: JSON.stringify({ task_id: randomUUID(), extra: 'kept' })
    }));
    const shim = await startShim({
      sandbox,
      env: {
        GLOBUS_COLLECTION_ID: SANDBOX_IDS.gcp,
        GLOBUS_TRANSFER_SUBMISSION_URL: service.url,
        GLOBUS_TRANSFER_SUBMISSION_SCOPE: SCOPE,
        GLOBUS_TRANSFER_SUBMISSION_IS_HUB_SERVICE: 'true',
        JUPYTERHUB_USER: 'alice',
        JUPYTERHUB_API_TOKEN: 'hub-api-token-123'
      }
    });
    try {
      expect((await shim.loginWithCode()).status).toBe(200);
      const { status, body } = await shim.post<TransferSubmitResponse & { extra: string }>(
        '/submit_transfer',
        {
          ...documentFor('/home/b.txt'),
          DATA: [{ source_path: '/hello.txt', destination_path: '/home/b.txt', recursive: false }]
        }
      );
      expect(status).toBe(200);
      expect(body.extra).toBe('kept');
      const [call] = service.received;
      expect(call.authorization).toBe('Bearer hub-api-token-123');
      expect(call.body.globus_token).toBe(serviceToken());
    } finally {
      await shim.close();
      service.server.close();
    }
  });

  it('a missing task_id, a failing service or an unreachable one is a 503 with the details', async () => {
    let answer = { status: 200, body: JSON.stringify({ accepted: true }) };
    const service = await startSubmissionService(() => answer);
    const shim = await startShim({
      sandbox,
      env: {
        GLOBUS_COLLECTION_ID: SANDBOX_IDS.gcp,
        GLOBUS_TRANSFER_SUBMISSION_URL: service.url,
        GLOBUS_TRANSFER_SUBMISSION_SCOPE: SCOPE
      }
    });
    try {
      await shim.login();
      const document = {
        ...documentFor('/home/c.txt'),
        DATA: [{ source_path: '/hello.txt', destination_path: '/home/c.txt', recursive: false }]
      };
      const noTask = await shim.post<{ code: string; message: string }>(
        '/submit_transfer',
        document
      );
      expect(noTask.status).toBe(503);
      expect(noTask.body.code).toBe('SubmissionServiceError');
      expect(noTask.body.message).toContain('without a task_id');

      // A service that echoes the token it got must not make the shim leak it.
      answer = { status: 500, body: JSON.stringify({ error: 'boom', token: serviceToken() }) };
      const failed = await shim.post<{ code: string; message: string }>(
        '/submit_transfer',
        document
      );
      expect(failed.status).toBe(503);
      expect(failed.body.message).toContain('HTTP 500');
      expect(failed.body.message).toContain('boom');
      expect(failed.body.message).not.toContain(serviceToken() ?? '');

      await new Promise<void>(resolve => service.server.close(() => resolve()));
      const down = await shim.post<{ code: string; message: string }>('/submit_transfer', document);
      expect(down.status).toBe(503);
      expect(down.body.message).toContain('could not be reached');
    } finally {
      await shim.close();
    }
  });
});
