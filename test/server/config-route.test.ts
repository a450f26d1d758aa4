/**
 * GET /config with every key of the original, GET /get_dependent_submission_scope, the
 * public URL prefix fallback and the readiness probe.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Sandbox } from '../../sandbox';
import type {
  DependentScopeResponse,
  GlobusConfigResponse,
  GlobusErrorBody
} from '../../src/api/types';
import { SANDBOX_IDS, startShim, removeTempDirs, tempDir, usingShim, withSandbox } from './support';

const TRANSFER = 'urn:globus:auth:scope:transfer.api.globus.org:all';
let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await withSandbox();
});
afterAll(async () => sandbox.stop());

describe('GET /config', () => {
  it('answers all the original’s keys, with a detected Globus Connect Personal', async () => {
    const home = await tempDir();
    const lta = join(home, '.globusonline', 'lta');
    mkdirSync(lta, { recursive: true });
    writeFileSync(join(lta, 'client-id.txt'), `${SANDBOX_IDS.gcp}\n`);
    writeFileSync(
      join(lta, 'gridmap'),
      '"/C=US/O=Globus Consortium/OU=Globus Connect User/CN=u_vy2bvggsoqi6loei3oxdvc5fiu" alice\n'
    );
    await usingShim(
      {
        sandbox,
        home,
        env: { GLOBUS_HOST_POSIX_BASEPATH: '/home/jovyan' }
      },
      async shim => {
        const { status, body } = await shim.json<GlobusConfigResponse>('/config');
        expect(status).toBe(200);
        expect(body).toEqual({
          collection_id: SANDBOX_IDS.gcp,
          collection_base_path: home,
          host_posix_basepath: '/home/jovyan',
          host_collection_basepath: null,
          is_gcp: true,
          is_hub: false,
          is_manual_copy_code_required: false,
          is_logged_in: false,
          transfer_submission_url: null,
          transfer_submission_scope: null,
          transfer_submission_is_hub_service: false,
          last_login: null,
          collection_id_owner: 'ae341a98-d274-11e5-b888-dbae3a8ba545'
        } satisfies GlobusConfigResponse);
      }
    );
  });

  it('is_gcp is false when GLOBUS_COLLECTION_ID names another collection', async () => {
    const home = await tempDir();
    const lta = join(home, '.globusonline', 'lta');
    mkdirSync(lta, { recursive: true });
    writeFileSync(join(lta, 'client-id.txt'), SANDBOX_IDS.gcp);
    await usingShim(
      {
        sandbox,
        home,
        env: { GLOBUS_COLLECTION_ID: SANDBOX_IDS.mapped, GLOBUS_COLLECTION_PATH: '/data' }
      },
      async shim => {
        const { body } = await shim.json<GlobusConfigResponse>('/config');
        expect(body).toMatchObject({
          collection_id: SANDBOX_IDS.mapped,
          collection_base_path: '/data',
          is_gcp: false
        });
      }
    );
  });
});

describe('GET /get_dependent_submission_scope', () => {
  it('wraps the collection’s data_access scope in the submission scope (or Transfer’s)', async () => {
    const custom = 'https://auth.globus.org/scopes/5e1f0000-0000-4000-8000-00000000a001/submit';
    const dataAccess = `https://auth.globus.org/scopes/${SANDBOX_IDS.mapped}/data_access`;
    const plain = await startShim({ sandbox });
    const withService = await startShim({
      sandbox,
      env: {
        GLOBUS_TRANSFER_SUBMISSION_URL: 'http://127.0.0.1:9/s',
        GLOBUS_TRANSFER_SUBMISSION_SCOPE: custom
      }
    });
    try {
      const route = `/get_dependent_submission_scope?collection=${SANDBOX_IDS.mapped}`;
      expect((await withService.json<DependentScopeResponse>(route)).body).toEqual({
        scope: `${custom}[${dataAccess}]`,
        base_submission_service_scope: custom,
        gcs_scope: dataAccess,
        full_scope: `${custom}[${dataAccess}]`
      });
      expect((await plain.json<DependentScopeResponse>(route)).body.scope).toBe(
        `${TRANSFER}[${dataAccess}]`
      );
      const bad = await plain.json<{ code: string; message: string }>(
        '/get_dependent_submission_scope'
      );
      expect(bad.status).toBe(400);
      expect(bad.body.message).toContain('"collection"');
    } finally {
      await plain.close();
      await withService.close();
    }
  });
});

describe('public URLs', () => {
  it('fall back to GLOBUS_JUPYTERLAB_PUBLIC_PREFIX without forwarded headers, and refuse odd hosts', async () => {
    await usingShim(
      {
        sandbox,
        env: { GLOBUS_JUPYTERLAB_PUBLIC_PREFIX: '/user/bob/globus-jupyterlab/' }
      },
      async shim => {
        const { body } = await shim.json<GlobusErrorBody>('/whoami');
        const host = new URL(shim.url).host;
        expect(body.login_url).toBe(`http://${host}/user/bob/globus-jupyterlab/login`);
        const scheme = await shim.json<GlobusErrorBody>('/whoami', {
          headers: { 'x-scheme': 'https' }
        });
        expect(scheme.body.login_url).toBe(`https://${host}/user/bob/globus-jupyterlab/login`);
        const hostile = await shim.json<GlobusErrorBody>('/whoami', {
          headers: { 'x-forwarded-prefix': '//evil.example/x' }
        });
        expect(hostile.body.login_url).toBe(`http://${host}/login`);
      }
    );
  });
});

describe('readiness and unknown routes', () => {
  it('GET / answers 200 and reveals nothing; an unknown route is a JSON 404', async () => {
    await usingShim({ sandbox }, async shim => {
      expect(await shim.json('/')).toEqual({ status: 200, body: { status: 'ok' } });
      const missing = await shim.json('/api/nothing?x=1');
      expect(missing).toEqual({
        status: 404,
        body: { code: 'NotFound', message: 'No route GET /api/nothing' }
      });
    });
  });
});

afterAll(removeTempDirs);
