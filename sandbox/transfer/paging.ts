/**
 * The paging query parameters of Transfer's list routes (globus-api.md §2.0):
 * a malformed or too large value is a `ClientError.BadRequest` naming it.
 */
import type { Params } from '../http';
import { badRequest } from './errors';

/** A non-negative integer query parameter; `fallback` when absent or empty. */
export function intParam(
  value: string | undefined,
  name: string,
  fallback: number,
  max = Number.POSITIVE_INFINITY
): number {
  if (value === undefined || value === '') return fallback;
  if (!/^\d+$/.test(value))
    throw badRequest(`${name} must be a non-negative integer, got '${value}'`);
  const n = Number(value);
  if (n > max) throw badRequest(`${name} must be at most ${max}, got ${n}`);
  return n;
}

export interface OffsetPaging {
  limit: number;
  offset: number;
}

/** `limit` (default 10, at most 1000) and `offset` of task_list and event_list (§2.7, §2.9). */
export function offsetPaging(q: Params): OffsetPaging {
  return {
    limit: intParam(q.limit, 'limit', 10, 1000),
    offset: intParam(q.offset, 'offset', 0, 100000)
  };
}

/** One page of a task_list or event_list: `length` counts the page, `total` the whole list. */
export function offsetPage<T>(dataType: string, items: readonly T[], paging: OffsetPaging) {
  const { limit, offset } = paging;
  const page = items.slice(offset, offset + limit);
  return {
    DATA_TYPE: dataType,
    length: page.length,
    limit,
    offset,
    total: items.length,
    DATA: page
  };
}
