/**
 * A directory listing of a Globus collection: sortable columns, multi-select
 * (click, ctrl/cmd-click, shift-click ranges, keyboard), and a virtualized body
 * so that only the rows on screen exist in the DOM, at 10 or 100 000 entries.
 */
import type { TranslationBundle } from '@jupyterlab/translation';
import { fileIcon, folderIcon } from '@jupyterlab/ui-components';
import { useVirtualizer } from '@tanstack/react-virtual';
import React, { useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import type { FileDocument } from '../../api/types';
import { formatBytes, formatGlobusTime } from '../format';
import {
  DEFAULT_SORT,
  firstEntries,
  isFolder,
  rangeOfNames,
  sortEntries,
  type ISortOrder,
  type SortKey
} from './sorting';

/** Row height in pixels; JupyterLab's file browser uses the same. */
export const ROW_HEIGHT = 24;
/** Above this many entries, the first screen shows before the full sort. */
export const PROGRESSIVE_SORT_THRESHOLD = 5000;
/** How many leading rows the first screen computes (more than any screen holds). */
const FIRST_SCREEN_ROWS = 100;

interface IOrderedRows {
  rows: FileDocument[];
  /** False while only the first screen is sorted. */
  complete: boolean;
}

/**
 * The entries in display order. A 100 000-entry sort takes tens of
 * milliseconds, so large folders first get their leading rows (one linear
 * pass) and the full order in the next task: the first screen is exact, and
 * it is on screen well under 100 ms.
 */
function useOrderedRows(entries: readonly FileDocument[], order: ISortOrder): IOrderedRows {
  const large = entries.length > PROGRESSIVE_SORT_THRESHOLD;
  const immediate = useMemo(
    () => (large ? firstEntries(entries, order, FIRST_SCREEN_ROWS) : sortEntries(entries, order)),
    [entries, order, large]
  );
  const [full, setFull] = useState<{
    entries: readonly FileDocument[];
    order: ISortOrder;
    rows: FileDocument[];
  } | null>(null);
  useEffect(() => {
    if (!large) {
      return;
    }
    // After the next paint, so the first screen is on screen before the sort runs.
    let timer: ReturnType<typeof setTimeout> | undefined;
    const frame = requestAnimationFrame(() => {
      timer = setTimeout(() => setFull({ entries, order, rows: sortEntries(entries, order) }));
    });
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, [entries, order, large]);
  if (!large) {
    return { rows: immediate, complete: true };
  }
  if (full && full.entries === entries && full.order === order) {
    return { rows: full.rows, complete: true };
  }
  return { rows: immediate, complete: false };
}

export interface IRemoteListingProps {
  entries: readonly FileDocument[];
  /** Names of the selected entries. */
  selected: readonly string[];
  onSelectionChange: (names: string[]) => void;
  /** A folder was opened (double-click or Enter). */
  onOpenFolder: (name: string) => void;
  trans: TranslationBundle;
  /** The accessible name of the list, e.g. the current path. */
  label: string;
  /** Initial sort order (default: name, ascending). */
  initialSort?: ISortOrder;
}

export function RemoteListing(props: IRemoteListingProps): JSX.Element {
  const { entries, selected, onSelectionChange, onOpenFolder, trans, label } = props;
  const [order, setOrder] = useState<ISortOrder>(props.initialSort ?? DEFAULT_SORT);
  const { rows, complete } = useOrderedRows(entries, order);
  const selectedSet = useMemo(() => new Set(selected), [selected]);
  const [active, setActive] = useState(0);
  const anchor = useRef<number>(0);
  const scrollRef = useRef<HTMLDivElement>(null);
  const listId = useId();

  const virtualizer = useVirtualizer({
    count: entries.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10
  });

  const toggleSort = (key: SortKey) =>
    setOrder(current => ({
      key,
      direction:
        current.key === key && current.direction === 'ascending' ? 'descending' : 'ascending'
    }));

  const select = useCallback(
    (index: number, mode: 'single' | 'toggle' | 'range') => {
      const row = rows[index];
      if (!row) {
        return;
      }
      if (mode === 'range') {
        onSelectionChange(rangeOfNames(rows, anchor.current, index));
      } else if (mode === 'toggle') {
        anchor.current = index;
        onSelectionChange(
          selectedSet.has(row.name)
            ? selected.filter(name => name !== row.name)
            : [...selected, row.name]
        );
      } else {
        anchor.current = index;
        onSelectionChange([row.name]);
      }
      setActive(index);
    },
    [rows, selected, selectedSet, onSelectionChange]
  );

  const onClick = (index: number, event: React.MouseEvent) => {
    select(index, event.shiftKey ? 'range' : event.ctrlKey || event.metaKey ? 'toggle' : 'single');
  };

  const open = (index: number) => {
    const row = rows[index];
    if (row && isFolder(row)) {
      onOpenFolder(row.name);
    }
  };

  const moveTo = (index: number, event: React.KeyboardEvent) => {
    const target = Math.max(0, Math.min(rows.length - 1, index));
    virtualizer.scrollToIndex(target);
    if (event.shiftKey) {
      select(target, 'range');
    } else if (event.ctrlKey || event.metaKey) {
      setActive(target);
    } else {
      select(target, 'single');
    }
  };

  const onKeyDown = (event: React.KeyboardEvent) => {
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 0) / ROW_HEIGHT));
    const actions: Record<string, () => void> = {
      ArrowDown: () => moveTo(active + 1, event),
      ArrowUp: () => moveTo(active - 1, event),
      PageDown: () => moveTo(active + page, event),
      PageUp: () => moveTo(active - page, event),
      Home: () => moveTo(0, event),
      End: () => moveTo(rows.length - 1, event),
      Enter: () => open(active),
      ' ': () => select(active, 'toggle')
    };
    if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'a') {
      event.preventDefault();
      onSelectionChange(rows.map(row => row.name));
      return;
    }
    const action = actions[event.key];
    if (action && rows.length > 0) {
      event.preventDefault();
      action();
    }
  };

  // The rows are a listbox (multi-select), not a grid, so the column titles cannot be ARIA
  // column headers: they are a toolbar of sort buttons that say which order is in force.
  const header = (key: SortKey, title: string) => {
    const sorted = order.key === key;
    const description = !sorted
      ? trans.__('Sort by %1', title)
      : order.direction === 'ascending'
        ? trans.__('%1, sorted ascending', title)
        : trans.__('%1, sorted descending', title);
    return (
      <div className={`jp-Globus-listingHeader jp-Globus-col-${key}`}>
        <button
          type="button"
          aria-pressed={sorted}
          aria-label={description}
          onClick={() => toggleSort(key)}
        >
          {title}
          {sorted ? (order.direction === 'ascending' ? ' ▲' : ' ▼') : ''}
        </button>
      </div>
    );
  };

  const items = virtualizer.getVirtualItems();
  return (
    <div className="jp-Globus-listing">
      <div role="toolbar" aria-label={trans.__('Sort')} className="jp-Globus-listingHeaderRow">
        {header('name', trans.__('Name'))}
        {header('size', trans.__('Size'))}
        {header('last_modified', trans.__('Modified'))}
      </div>
      <div
        ref={scrollRef}
        className="jp-Globus-listingBody"
        role="listbox"
        aria-label={label}
        aria-multiselectable="true"
        aria-busy={!complete}
        data-complete={complete}
        aria-activedescendant={rows.length > 0 ? `${listId}-${active}` : undefined}
        tabIndex={0}
        onKeyDown={onKeyDown}
      >
        {entries.length === 0 ? (
          <div className="jp-Globus-listingEmpty">{trans.__('This folder is empty.')}</div>
        ) : (
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {items.map(item => {
              const row = rows[item.index];
              if (!row) {
                // Beyond the first screen while the full sort runs.
                return (
                  <div
                    key={`pending-${item.index}`}
                    className="jp-Globus-listingRow jp-Globus-listingPending"
                    style={{ transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }}
                  />
                );
              }
              const Icon = isFolder(row) ? folderIcon : fileIcon;
              const isSelected = selectedSet.has(row.name);
              return (
                <div
                  key={row.name}
                  id={`${listId}-${item.index}`}
                  role="option"
                  aria-selected={isSelected}
                  aria-setsize={entries.length}
                  aria-posinset={item.index + 1}
                  className={
                    'jp-Globus-listingRow' +
                    (isSelected ? ' jp-mod-selected' : '') +
                    (item.index === active ? ' jp-mod-active' : '')
                  }
                  style={{ transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }}
                  onClick={event => onClick(item.index, event)}
                  onDoubleClick={() => open(item.index)}
                >
                  <span className="jp-Globus-col-name">
                    <Icon.react tag="span" className="jp-Globus-rowIcon" />
                    <span className="jp-Globus-rowName" title={row.name}>
                      {row.name}
                    </span>
                  </span>
                  <span className="jp-Globus-col-size">
                    {isFolder(row) ? '' : formatBytes(row.size)}
                  </span>
                  <span className="jp-Globus-col-last_modified">
                    {formatGlobusTime(row.last_modified)}
                  </span>
                </div>
              );
            })}
          </div>
        )}
      </div>
    </div>
  );
}
