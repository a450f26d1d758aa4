/**
 * The Globus sandbox: a faithful, runnable fake of Globus Auth and Transfer on
 * one origin. `startSandbox()` is the programmatic API used by the shim tests,
 * e2e, the demo and the benchmarks (see README.md).
 */
import { rmSync } from 'node:fs';
import fs from 'node:fs/promises';
import type { Socket } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { buildApp } from './app';
import { parseScopes } from './auth/scopes';
import {
  AuthStore,
  type TokenDocument,
  type TokenRecord,
  type ConsentRecord,
  type AuthSession
} from './auth/store';
import { validateRequestedScopes } from './auth/validate-scopes';
import {
  DEFAULT_CLIENT_ID,
  DEFAULT_IDENTITY_ID,
  IDENTITIES,
  SANDBOX_IDS,
  buildCatalogue,
  type SandboxCollectionIds,
  type SandboxIdentity
} from './catalogue';
import { Clock } from './clock';
import type { RegisteredClient, SandboxContext } from './context';
import { FaultInjector, type FaultRule } from './faults';
import { seedDataRoot, seedGcpRoot } from './sample-data';
import {
  TransferStore,
  type BookmarkDocument,
  type TaskDocument,
  type TaskRecord
} from './transfer/store';

export {
  DEFAULT_CLIENT_ID,
  DEFAULT_IDENTITY_ID,
  IDENTITIES,
  SANDBOX_IDS,
  HA_ALLOWED_DOMAIN
} from './catalogue';
export type { SandboxCollectionIds, SandboxIdentity, CollectionSpec } from './catalogue';
export type { FaultRule, FaultKind } from './faults';
export type {
  TokenDocument as TokenResponse,
  TokenRecord,
  ConsentRecord,
  AuthSession
} from './auth/store';
export type { TaskDocument, BookmarkDocument } from './transfer/store';
export { s256Challenge } from './auth/pkce';
export { transferWithDataAccess, dataAccessScope, TRANSFER_ALL } from './auth/scopes';

export interface SandboxOptions {
  /** Default 0 (any free port). */
  port?: number;
  /** Default '127.0.0.1'. */
  host?: string;
  /** Root of the Globus Connect Personal collection; created if missing. Default: a seeded temp dir. */
  gcpRoot?: string;
  /** Folder for the other collections' trees; missing sub-folders are seeded. Default: a seeded temp dir. */
  dataRoot?: string;
  /** Default 172800 (Globus issues 48 h access tokens). */
  accessTokenLifetimeSeconds?: number;
  /** Throttle of task copying; default 50 MB/s. */
  transferBytesPerSecond?: number;
  /** Delay every answer (benchmarks). */
  responseDelayMs?: number;
  /** Extra native clients besides the Globus JupyterLab app. */
  clients?: RegisteredClient[];
  quiet?: boolean;
}

export interface SandboxState {
  readonly consents: readonly ConsentRecord[];
  /** account → the login session (identities and their auth times). */
  readonly sessions: Record<string, AuthSession>;
  readonly issuedTokens: readonly TokenRecord[];
  readonly revokedTokens: readonly string[];
  readonly tasks: readonly TaskDocument[];
  /** account → bookmarks. */
  readonly bookmarks: Record<string, readonly BookmarkDocument[]>;
  /** Accounts that registered an S3 credential. */
  readonly s3Credentials: readonly string[];
  readonly submissionIds: readonly string[];
}

export interface Sandbox {
  /** `http://127.0.0.1:PORT` (no trailing slash): BOTH the Auth and the Transfer base URL. */
  url: string;
  ids: SandboxCollectionIds;
  identities: SandboxIdentity[];
  clientId: string;
  gcpRoot: string;
  dataRoot: string;
  /** Collection id → host folder served as its `/`. */
  roots: Record<string, string | null>;
  state: SandboxState;
  faults: { inject(rule: FaultRule): void; clear(): void };
  /** Headless "pick identity + click Allow/Deny": returns the redirect URL. */
  approve(authorizeUrl: string, opts?: { identityId?: string; deny?: boolean }): Promise<string>;
  /** Mint a token response directly, as if the person had logged in now. */
  issueTokens(opts: {
    identityId?: string;
    scopes: string[];
    refresh?: boolean;
    clientId?: string;
  }): TokenDocument;
  /** Take the Globus Connect Personal collection offline (or back online). */
  setGcpConnected(connected: boolean): void;
  /** What a user does in the web app to fix `invalid_credential`. */
  registerS3Credential(identityId?: string): void;
  advanceClock(seconds: number): void;
  /** Resolves when the task's background copy has ended. */
  waitForTask(taskId: string): Promise<TaskDocument>;
  connectionsAccepted(): number;
  stop(): Promise<void>;
}

function decodeHtml(text: string): string {
  return text
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

export async function startSandbox(opts: SandboxOptions = {}): Promise<Sandbox> {
  // Bad options fail before any folder is created or seeded.
  const lifetime = opts.accessTokenLifetimeSeconds ?? 172800;
  if (!Number.isInteger(lifetime) || lifetime < 1) {
    throw new Error(`accessTokenLifetimeSeconds must be a positive integer, got ${lifetime}`);
  }
  const rate = opts.transferBytesPerSecond ?? 50 * 1024 * 1024;
  if (!(rate > 0)) throw new Error(`transferBytesPerSecond must be positive, got ${rate}`);

  const tempDirs: string[] = [];
  const makeTemp = async (prefix: string) => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), prefix));
    tempDirs.push(dir);
    return dir;
  };
  const gcpRoot = path.resolve(opts.gcpRoot ?? (await makeTemp('globus-sandbox-gcp-')));
  if (opts.gcpRoot) await fs.mkdir(gcpRoot, { recursive: true });
  else await seedGcpRoot(gcpRoot);
  const dataRoot = path.resolve(opts.dataRoot ?? (await makeTemp('globus-sandbox-data-')));
  // A process that dies without stop() still leaves no temp folders behind.
  const removeTempDirsSync = () => {
    for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', removeTempDirsSync);
  await seedDataRoot(dataRoot);

  let baseUrl = '';
  const clock = new Clock();
  const catalogue = buildCatalogue({ gcpRoot, dataRoot });
  const clients = new Map<string, RegisteredClient>([
    [DEFAULT_CLIENT_ID, { id: DEFAULT_CLIENT_ID, name: 'Globus JupyterLab' }]
  ]);
  for (const client of opts.clients ?? []) clients.set(client.id, client);
  const ctx: SandboxContext = {
    clock,
    auth: new AuthStore(clock, lifetime, () => baseUrl),
    transfer: new TransferStore(),
    collections: new Map(catalogue.map(c => [c.id, c])),
    clients,
    baseUrl: () => baseUrl,
    transferBytesPerSecond: rate
  };
  const faults = new FaultInjector();
  const app = buildApp(ctx, faults, opts.responseDelayMs ?? 0);
  let connections = 0;
  app.server.on('connection', (_socket: Socket) => {
    connections += 1;
  });
  await app.listen({ port: opts.port ?? 0, host: opts.host ?? '127.0.0.1' });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('sandbox did not get a TCP address');
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  baseUrl = `http://${host}:${address.port}`;

  const approve: Sandbox['approve'] = async (authorizeUrl, approveOpts = {}) => {
    const pageResponse = await fetch(authorizeUrl, { redirect: 'manual' });
    if (pageResponse.status === 302 || pageResponse.status === 303) {
      return pageResponse.headers.get('location') ?? '';
    }
    const html = await pageResponse.text();
    if (pageResponse.status !== 200) {
      const detail = /<p id="auth-error">([^<]*)<\/p>/.exec(html)?.[1] ?? html;
      throw new Error(`authorize page answered ${pageResponse.status}: ${decodeHtml(detail)}`);
    }
    const requestId = /name="request_id" value="([^"]+)"/.exec(html)?.[1];
    if (!requestId) throw new Error('authorize page has no request_id');
    const offered = [...html.matchAll(/name="identity_id" value="([^"]+)"/g)].map(m => m[1]);
    const identityId = approveOpts.identityId ?? offered[0];
    if (!approveOpts.deny && !offered.includes(identityId)) {
      throw new Error(
        `identity ${identityId} is not offered on this login page (offered: ${offered.join(', ')})`
      );
    }
    const form = new URLSearchParams({
      request_id: decodeHtml(requestId),
      identity_id: identityId,
      decision: approveOpts.deny ? 'deny' : 'allow'
    });
    const decision = await fetch(`${baseUrl}/v2/oauth2/authorize`, {
      method: 'POST',
      body: form,
      redirect: 'manual'
    });
    const location = decision.headers.get('location');
    if (!location)
      throw new Error(`consent form answered ${decision.status}: ${await decision.text()}`);
    return location;
  };

  const issueTokens: Sandbox['issueTokens'] = ({
    identityId = DEFAULT_IDENTITY_ID,
    scopes,
    refresh,
    clientId
  }) => {
    const client = clientId ?? DEFAULT_CLIENT_ID;
    if (!clients.has(client)) throw new Error(`issueTokens: unknown client_id "${client}"`);
    const requested = validateRequestedScopes(scopes.join(' '), ctx.collections);
    if ('error' in requested) throw new Error(`issueTokens: ${requested.error}`);
    const session = ctx.auth.authenticate(identityId, { forceLogin: false, mfa: false });
    ctx.auth.recordConsents(identityId, client, requested.nodes);
    return ctx.auth.mintTokens({
      clientId: client,
      identityId,
      scopes: requested.nodes,
      offline: Boolean(refresh) || requested.offline,
      session
    });
  };

  const taskRecord = (taskId: string): TaskRecord => {
    const task = ctx.transfer.tasks.get(taskId);
    if (!task) throw new Error(`no task ${taskId}`);
    return task;
  };

  const state: SandboxState = {
    get consents() {
      return ctx.auth.consents;
    },
    get sessions() {
      return Object.fromEntries(ctx.auth.sessions);
    },
    get issuedTokens() {
      return [...ctx.auth.tokens.values()];
    },
    get revokedTokens() {
      return [...ctx.auth.revoked];
    },
    get tasks() {
      return [...ctx.transfer.tasks.values()].map(t => t.doc);
    },
    get bookmarks() {
      return Object.fromEntries(ctx.transfer.bookmarks);
    },
    get s3Credentials() {
      return [...ctx.auth.s3Credentials];
    },
    get submissionIds() {
      return [...ctx.transfer.issuedSubmissionIds];
    }
  };

  return {
    url: baseUrl,
    ids: SANDBOX_IDS,
    identities: IDENTITIES,
    clientId: DEFAULT_CLIENT_ID,
    gcpRoot,
    dataRoot,
    roots: Object.fromEntries(catalogue.map(c => [c.id, c.root])),
    state,
    faults: { inject: rule => faults.inject(rule), clear: () => faults.clear() },
    approve,
    issueTokens,
    setGcpConnected(connected) {
      if (connected) ctx.transfer.disconnectedGcp.delete(SANDBOX_IDS.gcp);
      else ctx.transfer.disconnectedGcp.add(SANDBOX_IDS.gcp);
    },
    registerS3Credential(identityId = DEFAULT_IDENTITY_ID) {
      ctx.auth.s3Credentials.add(ctx.auth.identityOrThrow(identityId).account);
    },
    advanceClock: seconds => clock.advance(seconds),
    async waitForTask(taskId) {
      const task = taskRecord(taskId);
      await task.done;
      return task.doc;
    },
    connectionsAccepted: () => connections,
    async stop() {
      for (const task of ctx.transfer.tasks.values()) task.cancelRequested = true;
      await Promise.all([...ctx.transfer.tasks.values()].map(t => t.done));
      await app.close();
      process.removeListener('exit', removeTempDirsSync);
      await Promise.all(tempDirs.map(dir => fs.rm(dir, { recursive: true, force: true })));
    }
  };
}

/** Parse helper re-exported for tests that build dependent scope strings. */
export { parseScopes };
