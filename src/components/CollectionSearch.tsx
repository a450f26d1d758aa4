/**
 * Choose the other collection: search as you type (debounced; the query's
 * AbortSignal cancels the request of an outdated text), the recently used
 * collections, and the user's Globus bookmarks (globus-api.md §2.1, §7).
 * Non-functional endpoints (GCSv5 endpoints themselves) cannot hold files and
 * are never offered.
 */
import { Button, InputGroup, searchIcon } from '@jupyterlab/ui-components';
import React, { useId, useState } from 'react';
import { useBookmarks, useEndpointSearch } from '../api/queries';
import type { Bookmark, EndpointDocument } from '../api/types';
import { useGlobus } from './context';
import { Status } from './Status';
import { ErrorMessage } from './ErrorMessage';

export interface ICollectionChoice {
  id: string;
  /** A bookmark also gives the folder to open. */
  path?: string;
}

export interface ICollectionSearchProps {
  onSelect: (choice: ICollectionChoice) => void;
  /** The Jupyter server's own collection, labelled as such. */
  localCollectionId: string | null;
}

type Tab = 'search' | 'recent' | 'bookmarks';

export function CollectionSearch(props: ICollectionSearchProps): JSX.Element {
  const { trans } = useGlobus();
  const [tab, setTab] = useState<Tab>('search');
  const tabs: Array<[Tab, string]> = [
    ['search', trans.__('Search')],
    ['recent', trans.__('Recently used')],
    ['bookmarks', trans.__('Bookmarks')]
  ];
  const baseId = useId();
  return (
    <div className="jp-Globus-collectionSearch">
      <div role="tablist" aria-label={trans.__('Find a collection')} className="jp-Globus-tabs">
        {tabs.map(([key, title]) => (
          <button
            key={key}
            type="button"
            role="tab"
            id={`${baseId}-${key}`}
            aria-selected={tab === key}
            aria-controls={`${baseId}-${key}-panel`}
            className={'jp-Globus-tab' + (tab === key ? ' jp-mod-active' : '')}
            onClick={() => setTab(key)}
          >
            {title}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`${baseId}-${tab}-panel`} aria-labelledby={`${baseId}-${tab}`}>
        {tab === 'search' ? <SearchTab {...props} /> : null}
        {tab === 'recent' ? <RecentTab {...props} /> : null}
        {tab === 'bookmarks' ? <BookmarksTab {...props} /> : null}
      </div>
    </div>
  );
}

function SearchTab(props: ICollectionSearchProps): JSX.Element {
  const { client, trans } = useGlobus();
  const [text, setText] = useState('');
  const search = useEndpointSearch(client, text, 'all');
  const busy = search.isDebouncing || search.isFetching;
  return (
    <>
      <InputGroup
        type="search"
        aria-label={trans.__('Search collections')}
        placeholder={trans.__('Search collections by name, owner or description')}
        value={text}
        rightIcon={searchIcon}
        autoFocus
        onChange={event => setText(event.target.value)}
      />
      <Status>
        {text.trim() === ''
          ? trans.__('Type to search for collections.')
          : busy
            ? trans.__('Searching…')
            : ''}
      </Status>
      <ErrorMessage error={search.error} />
      {search.enabled && search.data ? (
        <CollectionList
          collections={search.data.DATA}
          label={trans.__('Search results')}
          emptyText={trans.__('No collection matches "%1".', text.trim())}
          {...props}
        />
      ) : null}
    </>
  );
}

function RecentTab(props: ICollectionSearchProps): JSX.Element {
  const { client, trans } = useGlobus();
  const recent = useEndpointSearch(client, '', 'recently-used');
  return (
    <>
      {recent.isPending ? <Status>{trans.__('Loading…')}</Status> : null}
      <ErrorMessage error={recent.error} />
      {recent.data ? (
        <CollectionList
          collections={recent.data.DATA}
          label={trans.__('Recently used collections')}
          emptyText={trans.__('You have not used any collection recently.')}
          {...props}
        />
      ) : null}
    </>
  );
}

function BookmarksTab(props: ICollectionSearchProps): JSX.Element {
  const { client, trans } = useGlobus();
  const bookmarks = useBookmarks(client);
  const items: Bookmark[] = bookmarks.data?.DATA ?? [];
  return (
    <>
      {bookmarks.isPending ? <Status>{trans.__('Loading…')}</Status> : null}
      <ErrorMessage error={bookmarks.error} />
      {bookmarks.data && items.length === 0 ? (
        <p className="jp-Globus-empty">{trans.__('You have no Globus bookmarks.')}</p>
      ) : null}
      {items.length > 0 ? (
        <ul className="jp-Globus-choiceList" aria-label={trans.__('Bookmarks')}>
          {items.map(bookmark => (
            <li key={bookmark.id}>
              <Button
                minimal
                className="jp-Globus-choice"
                onClick={() => props.onSelect({ id: bookmark.endpoint_id, path: bookmark.path })}
              >
                <span className="jp-Globus-choiceTitle">{bookmark.name}</span>
                <span className="jp-Globus-choiceDetail">{bookmark.path}</span>
              </Button>
            </li>
          ))}
        </ul>
      ) : null}
    </>
  );
}

function CollectionList(
  props: ICollectionSearchProps & {
    collections: EndpointDocument[];
    label: string;
    emptyText: string;
  }
): JSX.Element {
  const { trans } = useGlobus();
  const usable = props.collections.filter(collection => !collection.non_functional);
  if (usable.length === 0) {
    return <p className="jp-Globus-empty">{props.emptyText}</p>;
  }
  return (
    <ul className="jp-Globus-choiceList" aria-label={props.label}>
      {usable.map(collection => (
        <li key={collection.id}>
          <Button
            minimal
            className="jp-Globus-choice"
            onClick={() => props.onSelect({ id: collection.id })}
          >
            <span className="jp-Globus-choiceTitle">
              {collection.display_name || collection.canonical_name || collection.id}
              {collection.id === props.localCollectionId
                ? ' ' + trans.__('(this Jupyter server)')
                : ''}
            </span>
            <span className="jp-Globus-choiceDetail">
              {collection.owner_string}
              {collection.description ? ` · ${collection.description}` : ''}
            </span>
          </Button>
        </li>
      ))}
    </ul>
  );
}
