import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startSandbox, type Sandbox } from '../../sandbox';
import { call, transferToken } from './helpers';

let sandbox: Sandbox;
let token: string;
let gcpRoot: string;
let outside: string;
beforeAll(async () => {
  gcpRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'sandbox-ls-gcp-'));
  outside = fs.mkdtempSync(path.join(os.tmpdir(), 'sandbox-ls-outside-'));
  fs.mkdirSync(path.join(gcpRoot, 'notebooks'));
  fs.writeFileSync(path.join(gcpRoot, 'hello.txt'), 'hello world');
  fs.writeFileSync(path.join(gcpRoot, '.secret'), 'x');
  fs.writeFileSync(path.join(outside, 'private.txt'), 'outside the root');
  fs.symlinkSync(outside, path.join(gcpRoot, 'escape'));
  fs.symlinkSync(path.join(gcpRoot, 'notebooks'), path.join(gcpRoot, 'nb-link'));
  sandbox = await startSandbox({ gcpRoot });
  token = transferToken(sandbox);
});
afterAll(async () => {
  await sandbox.stop();
  fs.rmSync(gcpRoot, { recursive: true, force: true });
  fs.rmSync(outside, { recursive: true, force: true });
});

type FileList = {
  DATA: Array<Record<string, unknown>>;
  path: string;
  total: number;
  length: number;
};
const ls = async (id: string, params: Record<string, string> = {}) => {
  const r = await call(
    sandbox,
    'GET',
    `/v0.10/operation/endpoint/${id}/ls?${new URLSearchParams(params)}`,
    { token }
  );
  return { status: r.status, body: r.body as unknown as FileList & Record<string, unknown> };
};
const names = (list: FileList) => list.DATA.map(f => f.name);

describe('GET /v0.10/operation/endpoint/{id}/ls', () => {
  it('lists the real GCP root folder, /~/ meaning the root', async () => {
    const { status, body } = await ls(sandbox.ids.gcp, { path: '/~/' });
    expect(status).toBe(200);
    expect(body).toMatchObject({
      DATA_TYPE: 'file_list',
      endpoint: sandbox.ids.gcp,
      path: '/~/',
      absolute_path: '/'
    });
    expect(names(body)).toEqual(['.secret', 'escape', 'hello.txt', 'nb-link', 'notebooks']);
    const hello = body.DATA.find(f => f.name === 'hello.txt');
    expect(hello).toMatchObject({ DATA_TYPE: 'file', type: 'file', size: 11, link_target: null });
    expect(hello?.last_modified).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\+00:00$/);
    expect(hello?.permissions).toMatch(/^0[0-7]{3}$/);
  });

  it('show_hidden=0 drops dotfiles', async () => {
    const { body } = await ls(sandbox.ids.gcp, { path: '/', show_hidden: '0' });
    expect(names(body)).not.toContain('.secret');
    expect(names(body)).toContain('hello.txt');
  });

  it('normalises the path with a trailing slash', async () => {
    const { body } = await ls(sandbox.ids.gcp, { path: '/notebooks' });
    expect(body.path).toBe('/notebooks/');
  });

  it('uses the default directory when no path is given', async () => {
    const { body } = await ls(sandbox.ids.gcp);
    expect(body.path).toBe('/~/');
  });

  it('pages with limit/offset, keeping total', async () => {
    const { body } = await ls(sandbox.ids.gcp, { path: '/', limit: '2', offset: '1' });
    expect(names(body)).toEqual(['escape', 'hello.txt']);
    expect(body).toMatchObject({ length: 2, total: 5 });
  });

  it('supports orderby and filter', async () => {
    const bySize = await ls(sandbox.ids.gcp, {
      path: '/',
      orderby: 'type DESC,name',
      filter: 'type:file'
    });
    expect(names(bySize.body)).toEqual(['.secret', 'hello.txt']);
    const glob = await ls(sandbox.ids.gcp, { path: '/', filter: 'name:~*.txt' });
    expect(names(glob.body)).toEqual(['hello.txt']);
  });

  it('marks a symlink out of the root invalid and follows one inside it', async () => {
    const { body } = await ls(sandbox.ids.gcp, { path: '/' });
    expect(body.DATA.find(f => f.name === 'escape')).toMatchObject({
      type: 'invalid_symlink',
      link_target: outside
    });
    expect(body.DATA.find(f => f.name === 'nb-link')).toMatchObject({ type: 'dir' });
  });

  it('refuses to list through a symlink that leaves the root (403 EndpointPermissionDenied)', async () => {
    const { status, body } = await ls(sandbox.ids.gcp, { path: '/escape/' });
    expect(status).toBe(403);
    expect(body.code).toBe('EndpointPermissionDenied');
    expect(JSON.stringify(body)).not.toContain('private.txt');
  });

  it('.. cannot climb above the root', async () => {
    const { status, body } = await ls(sandbox.ids.gcp, { path: '/../../..' });
    expect(status).toBe(200);
    expect(names(body)).toContain('hello.txt');
  });

  it('answers 404 ClientError.NotFound with a GridFTP message (literal \\r\\n) for a missing path', async () => {
    const { status, body } = await ls(sandbox.ids.gcp, { path: '/nope' });
    expect(status).toBe(404);
    expect(body).toMatchObject({
      code: 'ClientError.NotFound',
      resource: `/operation/endpoint/${sandbox.ids.gcp}/ls`
    });
    expect(body.message).toContain('550-GlobusError: v=1 c=PATH_NOT_FOUND\\r\\n');
    expect(body.message).not.toContain('\r');
  });

  it('answers 502 ExternalError.DirListingFailed.NotDirectory for a file', async () => {
    const { status, body } = await ls(sandbox.ids.gcp, { path: '/hello.txt' });
    expect(status).toBe(502);
    expect(body.code).toBe('ExternalError.DirListingFailed.NotDirectory');
  });

  it('translates paths: the guest collection root is /shared/ of its host collection', async () => {
    const guest = await ls(sandbox.ids.guest, { path: '/' });
    expect(names(guest.body)).toEqual(['README.md', 'dataset']);
    const hostToken = transferToken(sandbox, [
      `https://auth.globus.org/scopes/${sandbox.ids.guestHost}/data_access`
    ]);
    const host = await call(
      sandbox,
      'GET',
      `/v0.10/operation/endpoint/${sandbox.ids.guestHost}/ls?path=/shared/dataset/`,
      { token: hostToken }
    );
    const viaGuest = await ls(sandbox.ids.guest, { path: '/dataset/' });
    expect((host.body.DATA as Array<{ name: string }>).map(f => f.name)).toEqual(
      names(viaGuest.body)
    );
    expect(names(viaGuest.body)).toEqual(['a.txt', 'b.txt']);
  });

  it('answers 404 EndpointNotFound for an unknown collection', async () => {
    const { status, body } = await ls('00000000-0000-4000-8000-00000000abcd');
    expect(status).toBe(404);
    expect(body.code).toBe('EndpointNotFound');
  });
});
