import './support/polyfills';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import React, { useState } from 'react';
import { ShimError } from '../../src/api/errors';
import { BrowseStep } from '../../src/components/BrowseStep';
import { fakeShim, type IFakeShim } from './support/fakeShim';
import { endpoint, file, globusError, listing, REMOTE_ID } from './support/fixtures';
import { giveElementsASize } from './support/layout';
import { renderWithShim } from './support/render';

let restoreLayout: () => void;
beforeAll(() => (restoreLayout = giveElementsASize(800, 480)));
afterAll(() => restoreLayout());

/** Plays the wizard's part: keeps path and selection, records what it was told. */
function Host(props: { initialPath: string; failures: unknown[]; selections: unknown[] }) {
  const [path, setPath] = useState(props.initialPath);
  const [selected, setSelected] = useState<string[]>([]);
  return (
    <>
      <BrowseStep
        collectionId={REMOTE_ID}
        path={path}
        selectedNames={selected}
        purpose="destination"
        onPathChange={setPath}
        onSelectionChange={(names, dirs) => {
          setSelected(names);
          props.selections.push({ names, dirs });
        }}
        onListingFailed={error => props.failures.push(error)}
      />
      <output data-testid="path">{path}</output>
    </>
  );
}

function folderTree(shim: IFakeShim) {
  shim.on('GET endpoint_detail', [200, endpoint()]);
  shim.on('GET operation_ls', request => {
    const path = String(request.params.path ?? '/~/');
    const resolved = path === '/~/' ? '/home/u/' : path;
    const hidden = request.params.show_hidden === true;
    const entries: Record<string, ReturnType<typeof file>[]> = {
      '/home/u/': [
        file('data', { type: 'dir' }),
        file('notes.txt'),
        ...(hidden ? [file('.secret')] : [])
      ],
      '/home/u/data/': [file('big.h5', { size: 5 * 1024 * 1024 })],
      '/home/': [file('u', { type: 'dir' })]
    };
    return entries[resolved]
      ? [200, listing(resolved, entries[resolved])]
      : [404, globusError('globus_error', { details: `${resolved} not found` })];
  });
}

describe('BrowseStep', () => {
  it('adopts the real path of the default directory and shows its breadcrumbs', async () => {
    const shim = fakeShim();
    folderTree(shim);
    renderWithShim(<Host initialPath="/~/" failures={[]} selections={[]} />, shim);
    expect(await screen.findByText('notes.txt')).toBeInTheDocument();
    await waitFor(() => expect(screen.getByTestId('path')).toHaveTextContent('/home/u/'));
    const crumbs = screen.getByRole('navigation', { name: 'Path' });
    expect(crumbs).toHaveTextContent('/homeu');
    expect(screen.getByText('u')).toHaveAttribute('aria-current', 'location');
    expect(await screen.findByText('Tutorial Collection 1')).toBeInTheDocument();
    // The adopted path came from the cache: one listing request only.
    expect(shim.count('GET operation_ls')).toBe(1);
  });

  it('adopts `absolute_path` when Globus echoes the home folder as `/~/`', async () => {
    const shim = fakeShim({ 'GET endpoint_detail': [200, endpoint()] });
    // Real Globus keeps the requested `/~/` in `path` and resolves it in `absolute_path` (§2.4).
    shim.on('GET operation_ls', request =>
      request.params.path === '/~/'
        ? [200, { ...listing('/~/', [file('notes.txt')]), absolute_path: '/home/u/' }]
        : [404, globusError('globus_error', { details: 'unexpected path' })]
    );
    renderWithShim(<Host initialPath="/~/" failures={[]} selections={[]} />, shim);
    expect(await screen.findByText('notes.txt')).toBeInTheDocument();
    await waitFor(() => expect(screen.getByTestId('path')).toHaveTextContent(/^\/home\/u\/$/));
    const crumbs = screen.getByRole('navigation', { name: 'Path' });
    expect(crumbs).toHaveTextContent(/^\/homeu$/);
    expect(screen.getByRole('listbox', { name: 'Contents of /home/u/' })).toBeInTheDocument();
    expect(shim.count('GET operation_ls')).toBe(1);
  });

  it('shows the unresolved home folder as a Home crumb', async () => {
    const shim = fakeShim({
      'GET endpoint_detail': [200, endpoint()],
      'GET operation_ls': request => [
        200,
        listing(String(request.params.path), [file('big.h5'), file('more', { type: 'dir' })])
      ]
    });
    const user = userEvent.setup();
    renderWithShim(<Host initialPath="/~/data/" failures={[]} selections={[]} />, shim);
    await screen.findByText('big.h5');
    const crumbs = screen.getByRole('navigation', { name: 'Path' });
    expect(crumbs).toHaveTextContent(/^Homedata$/);
    expect(screen.getByText('data')).toHaveAttribute('aria-current', 'location');
    await user.click(screen.getByRole('button', { name: 'Home' }));
    await waitFor(() => expect(screen.getByTestId('path')).toHaveTextContent(/^\/~\/$/));
    expect(shim.requests.at(-1)?.params).toMatchObject({ path: '/~/' });
  });

  it('opens folders, goes up, and back', async () => {
    const shim = fakeShim();
    folderTree(shim);
    const user = userEvent.setup();
    renderWithShim(<Host initialPath="/home/u/" failures={[]} selections={[]} />, shim);
    await user.dblClick(await screen.findByText('data'));
    expect(await screen.findByText('big.h5')).toBeInTheDocument();
    expect(screen.getByText('5.0 MB')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Up' }));
    expect(await screen.findByText('notes.txt')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Up' }));
    await waitFor(() => expect(screen.getByTestId('path')).toHaveTextContent(/^\/home\/$/));
    await user.click(screen.getByRole('button', { name: 'Back to the previous folder' }));
    await waitFor(() => expect(screen.getByTestId('path')).toHaveTextContent('/home/u/'));
    await user.click(screen.getByRole('button', { name: 'home' }));
    await waitFor(() => expect(screen.getByTestId('path')).toHaveTextContent(/^\/home\/$/));
  });

  it('shows hidden files only when asked', async () => {
    const shim = fakeShim();
    folderTree(shim);
    const user = userEvent.setup();
    renderWithShim(<Host initialPath="/home/u/" failures={[]} selections={[]} />, shim);
    await screen.findByText('notes.txt');
    expect(screen.queryByText('.secret')).not.toBeInTheDocument();
    await user.click(screen.getByRole('switch', { name: 'Show hidden files' }));
    expect(await screen.findByText('.secret')).toBeInTheDocument();
    expect(shim.requests.at(-1)?.params).toMatchObject({ show_hidden: true });
  });

  it('reports the selection with which entries are folders', async () => {
    const shim = fakeShim();
    folderTree(shim);
    const selections: unknown[] = [];
    const user = userEvent.setup();
    renderWithShim(<Host initialPath="/home/u/" failures={[]} selections={selections} />, shim);
    await user.click(await screen.findByText('data'));
    await user.keyboard('{Shift>}');
    await user.click(screen.getByText('notes.txt'));
    await user.keyboard('{/Shift}');
    expect(selections.at(-1)).toEqual({ names: ['data', 'notes.txt'], dirs: [true, false] });
  });

  it('reports a failed listing once, for the wizard to recover', async () => {
    const shim = fakeShim({
      'GET endpoint_detail': [200, endpoint()],
      'GET operation_ls': [401, globusError('consent_required', { collection_id: REMOTE_ID })]
    });
    const failures: unknown[] = [];
    renderWithShim(<Host initialPath="/home/u/" failures={failures} selections={[]} />, shim);
    await waitFor(() => expect(failures).toHaveLength(1));
    const failure = failures[0] as ShimError;
    expect(failure).toBeInstanceOf(ShimError);
    expect(failure.failure.type === 'globus' && failure.failure.body.kind).toBe('consent_required');
    expect(await screen.findByRole('alert')).toHaveTextContent(/needs your consent/);
    // Auth errors are not retried: a retry cannot fix them.
    expect(shim.count('GET operation_ls')).toBe(1);
  });

  it('bookmarks the current folder', async () => {
    const shim = fakeShim({
      'POST bookmarks': request => [
        200,
        { DATA_TYPE: 'bookmark', id: 'b9', ...(request.body as object) }
      ]
    });
    folderTree(shim);
    const user = userEvent.setup();
    renderWithShim(<Host initialPath="/home/u/data/" failures={[]} selections={[]} />, shim);
    await screen.findByText('big.h5');
    await user.click(screen.getByRole('button', { name: 'Bookmark this folder' }));
    const name = screen.getByRole('textbox', { name: 'Bookmark name' });
    expect(name).toHaveValue('data');
    await user.clear(name);
    await user.type(name, 'My data');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('Bookmark saved.')).toBeInTheDocument();
    expect(shim.requests.find(r => r.route === 'bookmarks')?.body).toEqual({
      name: 'My data',
      endpoint_id: REMOTE_ID,
      path: '/home/u/data/'
    });
  });
});
