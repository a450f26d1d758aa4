/**
 * Sorting and filtering of a directory listing, kept pure so the component can
 * memoize it: at 100 000 entries a sort costs tens of milliseconds, too much to
 * repeat on every render.
 */
import type { FileDocument } from '../../api/types';

export type SortKey = 'name' | 'size' | 'last_modified';
export type SortDirection = 'ascending' | 'descending';

export interface ISortOrder {
  key: SortKey;
  direction: SortDirection;
}

export const DEFAULT_SORT: ISortOrder = { key: 'name', direction: 'ascending' };

export function isFolder(entry: FileDocument): boolean {
  return entry.type === 'dir';
}

export function isHidden(name: string): boolean {
  return name.startsWith('.');
}

/**
 * Folders first, then by the chosen column; names compare case-insensitively.
 * Keys are computed once per entry (decorate-sort-undecorate) and compared with
 * plain `<`, several times faster than `localeCompare` on large folders.
 */
export function sortEntries(entries: readonly FileDocument[], order: ISortOrder): FileDocument[] {
  const sign = order.direction === 'ascending' ? 1 : -1;
  const decorated = entries.map(entry => ({
    entry,
    folder: isFolder(entry) ? 0 : 1,
    lower: entry.name.toLowerCase(),
    value:
      order.key === 'size'
        ? entry.size
        : order.key === 'last_modified'
          ? (entry.last_modified ?? '')
          : 0
  }));
  decorated.sort((a, b) => {
    if (a.folder !== b.folder) {
      return a.folder - b.folder;
    }
    if (a.value !== b.value) {
      return (a.value < b.value ? -1 : 1) * sign;
    }
    if (a.lower !== b.lower) {
      return (a.lower < b.lower ? -1 : 1) * sign;
    }
    return (a.entry.name < b.entry.name ? -1 : a.entry.name > b.entry.name ? 1 : 0) * sign;
  });
  return decorated.map(item => item.entry);
}

/** The names from `anchor` to `target` inclusive, in display order (shift-click). */
export function rangeOfNames(
  rows: readonly FileDocument[],
  anchor: number,
  target: number
): string[] {
  const [from, to] = anchor <= target ? [anchor, target] : [target, anchor];
  return rows.slice(from, to + 1).map(entry => entry.name);
}
