/**
 * `GET /v0.10/operation/endpoint/{id}/ls` over the collection's real folder
 * (globus-api.md §2.4): path, show_hidden, limit/offset, orderby, filter.
 */
import type { FastifyInstance } from 'fastify';
import type { Stats } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { lsTimestamp } from '../clock';
import type { SandboxContext } from '../context';
import { query } from '../http';
import { checkCollectionAccess, checkReachable, findCollection } from './collections';
import { badRequest, notDirectory, pathNotFound, permissionDenied } from './errors';
import { requireTransferToken } from './guard';
import { intParam } from './paging';
import { resolveGlobusPath, staysInsideRoot, withTrailingSlash } from './paths';

export interface FileDocument {
  DATA_TYPE: 'file';
  name: string;
  type: 'dir' | 'file' | 'invalid_symlink' | 'chr' | 'blk' | 'pipe' | 'other';
  size: number;
  last_modified: string;
  permissions: string;
  user: string;
  group: string;
  link_target: string | null;
  link_size: number | null;
  link_last_modified: string | null;
  link_user: string | null;
  link_group: string | null;
}

const OWNER = (() => {
  try {
    return os.userInfo().username;
  } catch {
    return 'sandbox';
  }
})();

function typeOf(s: Stats): FileDocument['type'] {
  if (s.isDirectory()) return 'dir';
  if (s.isFile()) return 'file';
  if (s.isCharacterDevice()) return 'chr';
  if (s.isBlockDevice()) return 'blk';
  if (s.isFIFO()) return 'pipe';
  return 'other';
}

function describe(name: string, s: Stats): FileDocument {
  return {
    DATA_TYPE: 'file',
    name,
    type: typeOf(s),
    size: s.size,
    last_modified: lsTimestamp(s.mtimeMs),
    permissions: (s.mode & 0o7777).toString(8).padStart(4, '0'),
    user: OWNER,
    group: OWNER,
    link_target: null,
    link_size: null,
    link_last_modified: null,
    link_user: null,
    link_group: null
  };
}

/** One entry; symlinks are followed only while they stay inside the root. */
async function entry(root: string, dir: string, name: string): Promise<FileDocument> {
  const full = path.join(dir, name);
  const own = await fs.lstat(full);
  if (!own.isSymbolicLink()) return describe(name, own);
  const target = await fs.readlink(full);
  const link = {
    link_target: target,
    link_size: own.size,
    link_last_modified: lsTimestamp(own.mtimeMs),
    link_user: OWNER,
    link_group: OWNER
  };
  try {
    if (!(await staysInsideRoot(root, full))) throw new Error('outside root');
    return { ...describe(name, await fs.stat(full)), ...link };
  } catch {
    return { ...describe(name, own), type: 'invalid_symlink', ...link };
  }
}

/** `name:~*.png`, `type:dir,file`, `name:=exact`, clauses joined by `/` (§2.0). */
function applyFilter(items: FileDocument[], filter: string | undefined): FileDocument[] {
  if (!filter) return items;
  let out = items;
  for (const clause of filter.split('/')) {
    const m = /^(name|type):(.*)$/.exec(clause);
    if (!m)
      throw badRequest(
        `Unsupported filter clause '${clause}' (supported: name:~glob, name:=x, type:dir,file)`
      );
    const [, field, value] = m;
    if (field === 'type') {
      const types = value.split(',');
      out = out.filter(f => types.includes(f.type));
    } else if (value.startsWith('~')) {
      const re = new RegExp(
        `^${value
          .slice(1)
          .replace(/[.+^${}()|[\]\\]/g, '\\$&')
          .replace(/\*/g, '.*')
          .replace(/\?/g, '.')}$`
      );
      out = out.filter(f => re.test(f.name));
    } else {
      const names = value.replace(/^=/, '').split(',');
      out = out.filter(f => names.includes(f.name));
    }
  }
  return out;
}

function applyOrder(items: FileDocument[], orderby: string | undefined): FileDocument[] {
  const keys = (orderby ?? 'name').split(',').map(part => {
    const [field, dir] = part.trim().split(/\s+/);
    if (!['name', 'size', 'type', 'last_modified', 'permissions'].includes(field)) {
      throw badRequest(`Unsupported orderby field '${field}'`);
    }
    return { field: field as keyof FileDocument, desc: (dir ?? 'ASC').toUpperCase() === 'DESC' };
  });
  return [...items].sort((a, b) => {
    for (const { field, desc } of keys) {
      const av = a[field] ?? '';
      const bv = b[field] ?? '';
      const cmp = av < bv ? -1 : av > bv ? 1 : 0;
      if (cmp !== 0) return desc ? -cmp : cmp;
    }
    return 0;
  });
}

export function registerLs(app: FastifyInstance, ctx: SandboxContext): void {
  app.get<{ Params: { id: string } }>('/v0.10/operation/endpoint/:id/ls', async request => {
    const token = requireTransferToken(request, ctx);
    const collection = findCollection(ctx, request.params.id);
    checkCollectionAccess(ctx, token, collection);
    checkReachable(ctx, collection);
    const root = collection.root as string;
    const q = query(request);
    const requested = q.path ?? collection.default_directory ?? '/~/';
    const { globusPath, hostPath } = resolveGlobusPath(root, requested);
    if (!(await staysInsideRoot(root, hostPath))) throw permissionDenied(collection, globusPath);
    let stats: Stats;
    try {
      stats = await fs.stat(hostPath);
    } catch {
      throw pathNotFound(collection, withTrailingSlash(globusPath));
    }
    if (!stats.isDirectory()) throw notDirectory(collection, globusPath);
    const showHidden = !['0', 'false', 'False'].includes(q.show_hidden ?? 'true');
    const names = (await fs.readdir(hostPath)).filter(n => showHidden || !n.startsWith('.'));
    const all = applyOrder(
      applyFilter(await Promise.all(names.map(n => entry(root, hostPath, n))), q.filter),
      q.orderby
    );
    // Larger values are capped, not refused (globus-api.md §2.4: default & max 100000).
    const offset = Math.min(intParam(q.offset, 'offset', 0), 100000);
    const limit = Math.min(intParam(q.limit, 'limit', 100000), 100000);
    const page = all.slice(offset, offset + limit);
    ctx.transfer.markUsed(token.account, collection.id, ctx.clock.now());
    // `/~/` stays as asked; other paths come back normalised with a trailing slash (§2.4).
    const echoed = /^\/?~(\/|$)/.test(requested.trim()) ? '/~/' : withTrailingSlash(globusPath);
    return {
      DATA_TYPE: 'file_list',
      endpoint: collection.id,
      path:
        echoed.startsWith('/~/') && globusPath !== '/'
          ? withTrailingSlash(`/~${globusPath}`)
          : echoed,
      absolute_path: withTrailingSlash(globusPath),
      rename_supported: true,
      symlink_supported: true,
      length: page.length,
      total: all.length,
      DATA: page
    };
  });
}
