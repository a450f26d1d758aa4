/** The user's Globus bookmarks: list, create, get, update, delete (globus-api.md §7). */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { SandboxContext } from '../context';
import { newUuid } from '../util';
import { findCollection } from './collections';
import { TransferError, badRequest, notFound } from './errors';
import { requireTransferToken } from './guard';
import type { BookmarkDocument } from './store';
import { describeZodError } from './submission-schema';

const createSchema = z.strictObject({
  DATA_TYPE: z.literal('bookmark').optional(),
  name: z
    .string()
    .trim()
    .min(1, 'name must not be empty')
    .max(128, 'name must be at most 128 characters'),
  endpoint_id: z.guid('endpoint_id must be a collection UUID'),
  path: z.string().regex(/^(\/|~)/, "path must be absolute (start with '/' or '~')"),
  pinned: z.boolean().optional()
});

const updateSchema = z.strictObject({
  DATA_TYPE: z.literal('bookmark').optional(),
  name: z.string().trim().min(1, 'name must not be empty').max(128).optional(),
  pinned: z.boolean().optional()
});

function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value ?? {});
  if (!result.success) throw badRequest(describeZodError(result.error));
  return result.data;
}

export function registerBookmarks(app: FastifyInstance, ctx: SandboxContext): void {
  const find = (account: string, id: string): BookmarkDocument => {
    const bookmark = ctx.transfer.bookmarksOf(account).find(b => b.id === id);
    if (!bookmark) throw notFound(`Bookmark '${id}' not found`);
    return bookmark;
  };

  app.get('/v0.10/bookmark_list', async request => {
    const token = requireTransferToken(request, ctx);
    return { DATA_TYPE: 'bookmark_list', DATA: ctx.transfer.bookmarksOf(token.account) };
  });

  app.post('/v0.10/bookmark', async request => {
    const token = requireTransferToken(request, ctx);
    const input = parse(createSchema, request.body);
    findCollection(ctx, input.endpoint_id);
    const list = ctx.transfer.bookmarksOf(token.account);
    if (list.some(b => b.name === input.name)) {
      throw new TransferError(409, 'Conflict', `A bookmark named '${input.name}' already exists`);
    }
    const bookmark: BookmarkDocument = {
      DATA_TYPE: 'bookmark',
      id: newUuid(),
      name: input.name,
      endpoint_id: input.endpoint_id.toLowerCase(),
      // Bookmarks point at folders: Globus stores them with a trailing slash.
      path: input.path.endsWith('/') ? input.path : `${input.path}/`,
      pinned: input.pinned ?? false
    };
    list.push(bookmark);
    return bookmark;
  });

  app.get<{ Params: { id: string } }>('/v0.10/bookmark/:id', async request => {
    const token = requireTransferToken(request, ctx);
    return find(token.account, request.params.id);
  });

  app.put<{ Params: { id: string } }>('/v0.10/bookmark/:id', async request => {
    const token = requireTransferToken(request, ctx);
    const bookmark = find(token.account, request.params.id);
    const input = parse(updateSchema, request.body);
    if (input.name !== undefined) bookmark.name = input.name;
    if (input.pinned !== undefined) bookmark.pinned = input.pinned;
    return bookmark;
  });

  app.delete<{ Params: { id: string } }>('/v0.10/bookmark/:id', async request => {
    const token = requireTransferToken(request, ctx);
    const list = ctx.transfer.bookmarksOf(token.account);
    const bookmark = find(token.account, request.params.id);
    list.splice(list.indexOf(bookmark), 1);
    // The result document's exact text is (mem) in globus-api.md §7.
    return {
      DATA_TYPE: 'result',
      code: 'Deleted',
      message: `Bookmark '${bookmark.id}' deleted successfully`,
      resource: `/bookmark/${bookmark.id}`
    };
  });
}
