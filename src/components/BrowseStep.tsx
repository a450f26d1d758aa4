/**
 * Browse the other collection (globus-api.md §2.4): breadcrumbs, up and back,
 * a hidden-files toggle, refresh, "bookmark this folder", and the virtualized
 * listing. The chosen path and selection belong to the wizard's statechart;
 * this component reports them with callbacks and keeps only view state.
 */
import { Button, InputGroup, refreshIcon } from '@jupyterlab/ui-components';
import { useQueryClient } from '@tanstack/react-query';
import React, { useEffect, useRef, useState } from 'react';
import { globusKeys, useCreateBookmark, useEndpointDetail, useListing } from '../api/queries';
import { ShimError } from '../api/errors';
import { useGlobus } from './context';
import { Status } from './Status';
import { ErrorMessage } from './ErrorMessage';
import { RemoteListing } from './listing/RemoteListing';
import { isHidden } from './listing/sorting';
import { breadcrumbs, isHomePath, joinPath, parentPath } from './paths';

export interface IBrowseStepProps {
  collectionId: string;
  /** The folder shown; empty for the collection's default directory. */
  path: string;
  selectedNames: readonly string[];
  onPathChange: (path: string) => void;
  /** The selected names, and whether each is a folder. */
  onSelectionChange: (names: string[], dirs: boolean[]) => void;
  /** The listing failed: the wizard decides (recovery for consent, HA…). */
  onListingFailed: (error: ShimError) => void;
  /** `destination`: pick the folder to transfer into; `source`: pick items to fetch. */
  purpose: 'destination' | 'source';
}

export function BrowseStep(props: IBrowseStepProps): JSX.Element {
  const { client, trans } = useGlobus();
  const queryClient = useQueryClient();
  const { collectionId, path, onPathChange, onListingFailed } = props;
  const [showHidden, setShowHidden] = useState(false);
  const history = useRef<string[]>([]);
  const detail = useEndpointDetail(client, collectionId);
  const listing = useListing(client, collectionId, path, showHidden);
  // Globus echoes a home path as asked (`/~/` stays `/~/`) and, when it knows
  // it, names the real folder in `absolute_path` (globus-api.md §2.4).
  const data = listing.data;
  const listedPath =
    data && isHomePath(data.path) && data.absolute_path ? data.absolute_path : (data?.path ?? '');
  const shownPath = listedPath || path;

  // Adopt the folder Globus listed (the default directory resolved) so the
  // transfer goes where the user sees, seeding the cache to avoid a refetch.
  useEffect(() => {
    if (data && !listing.isPlaceholderData && listedPath && listedPath !== path) {
      queryClient.setQueryData(globusKeys.ls(collectionId, listedPath, showHidden), data);
      onPathChange(listedPath);
    }
  }, [
    data,
    listedPath,
    listing.isPlaceholderData,
    path,
    collectionId,
    showHidden,
    queryClient,
    onPathChange
  ]);

  const reported = useRef<unknown>(null);
  useEffect(() => {
    if (listing.error && reported.current !== listing.error) {
      reported.current = listing.error;
      onListingFailed(listing.error);
    }
  }, [listing.error, onListingFailed]);

  const go = (target: string) => {
    if (target !== shownPath) {
      history.current.push(shownPath);
      onPathChange(target);
    }
  };
  const back = () => {
    const previous = history.current.pop();
    if (previous !== undefined) {
      onPathChange(previous);
    }
  };

  const entries = listing.data
    ? showHidden
      ? listing.data.DATA
      : listing.data.DATA.filter(entry => !isHidden(entry.name))
    : [];
  const name = detail.data?.display_name ?? collectionId;

  return (
    <div className="jp-Globus-browse">
      <div className="jp-Globus-browseTitle">
        <strong>{name}</strong>
        <span className="jp-Globus-detail">
          {props.purpose === 'destination'
            ? trans.__('Open the folder to transfer into.')
            : trans.__('Select the files and folders to transfer to Jupyter.')}
        </span>
      </div>
      <div className="jp-Globus-toolbar" role="toolbar" aria-label={trans.__('Folder navigation')}>
        {/* Named apart from the wizard's own Back button, which leaves this step. */}
        <Button
          small
          minimal
          onClick={back}
          disabled={history.current.length === 0}
          aria-label={trans.__('Back to the previous folder')}
        >
          {trans.__('Back')}
        </Button>
        <Button
          small
          minimal
          onClick={() => go(parentPath(shownPath))}
          disabled={shownPath === '/' || shownPath === ''}
        >
          {trans.__('Up')}
        </Button>
        <Button
          small
          minimal
          aria-label={trans.__('Refresh')}
          title={trans.__('Refresh')}
          onClick={() => void listing.refetch()}
        >
          <refreshIcon.react tag="span" />
        </Button>
        <label className="jp-Globus-toggle">
          <input
            type="checkbox"
            role="switch"
            checked={showHidden}
            onChange={event => setShowHidden(event.target.checked)}
          />
          {trans.__('Show hidden files')}
        </label>
        <BookmarkButton collectionId={collectionId} path={shownPath} />
      </div>
      <nav aria-label={trans.__('Path')} className="jp-Globus-breadcrumbs">
        {breadcrumbs(shownPath, trans.__('Home')).map((crumb, index, all) => {
          const className = crumb.path === '/' ? 'jp-Globus-crumbRoot' : undefined;
          return index === all.length - 1 ? (
            <span key={crumb.path} className={className} aria-current="location">
              {crumb.name}
            </span>
          ) : (
            <button
              key={crumb.path}
              type="button"
              className={className}
              onClick={() => go(crumb.path)}
            >
              {crumb.name}
            </button>
          );
        })}
      </nav>
      {listing.isPending && listing.fetchStatus !== 'idle' ? (
        <Status>{trans.__('Loading the folder…')}</Status>
      ) : null}
      <ErrorMessage error={listing.error} />
      {listing.data ? (
        <RemoteListing
          entries={entries}
          selected={props.selectedNames}
          onSelectionChange={names => {
            const folders = new Set(
              entries.filter(entry => entry.type === 'dir').map(entry => entry.name)
            );
            props.onSelectionChange(
              names,
              names.map(name => folders.has(name))
            );
          }}
          onOpenFolder={folder => go(joinPath(shownPath, folder))}
          trans={trans}
          label={trans.__('Contents of %1', shownPath)}
        />
      ) : null}
    </div>
  );
}

function BookmarkButton(props: { collectionId: string; path: string }): JSX.Element {
  const { client, trans } = useGlobus();
  const create = useCreateBookmark(client);
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState('');
  if (!editing) {
    return (
      <>
        <Button
          small
          minimal
          onClick={() => {
            setName(props.path.split('/').filter(Boolean).pop() ?? props.path);
            setEditing(true);
          }}
        >
          {trans.__('Bookmark this folder')}
        </Button>
        {create.isSuccess ? (
          <span role="status" className="jp-Globus-detail">
            {trans.__('Bookmark saved.')}
          </span>
        ) : null}
      </>
    );
  }
  return (
    <form
      className="jp-Globus-bookmarkForm"
      onSubmit={event => {
        event.preventDefault();
        create.mutate(
          { name: name.trim(), endpoint_id: props.collectionId, path: props.path },
          { onSuccess: () => setEditing(false) }
        );
      }}
    >
      <InputGroup
        aria-label={trans.__('Bookmark name')}
        value={name}
        onChange={event => setName(event.target.value)}
      />
      <Button small type="submit" disabled={name.trim() === '' || create.isPending}>
        {trans.__('Save')}
      </Button>
      <Button small minimal type="button" onClick={() => setEditing(false)}>
        {trans.__('Cancel')}
      </Button>
      <ErrorMessage error={create.error} />
    </form>
  );
}
