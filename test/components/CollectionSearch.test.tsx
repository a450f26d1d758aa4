import './support/polyfills';
import { act, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import React from 'react';
import { CollectionSearch } from '../../src/components/CollectionSearch';
import { fakeShim } from './support/fakeShim';
import { endpoint, LOCAL_ID, REMOTE_ID } from './support/fixtures';
import { renderWithShim } from './support/render';

const list = (...docs: ReturnType<typeof endpoint>[]) => ({
  DATA_TYPE: 'endpoint_list',
  DATA: docs,
  has_next_page: false,
  limit: 25,
  offset: 0
});

describe('CollectionSearch', () => {
  it('searches once the typing pauses, and hides non-functional endpoints', async () => {
    const shim = fakeShim({
      'GET endpoint_search': request => [
        200,
        list(
          endpoint({ display_name: `Result for ${request.params.filter_fulltext}` }),
          endpoint({ id: 'gcs-endpoint', display_name: 'The GCS endpoint', non_functional: true })
        )
      ]
    });
    const onSelect = jest.fn();
    const user = userEvent.setup();
    renderWithShim(<CollectionSearch onSelect={onSelect} localCollectionId={LOCAL_ID} />, shim);
    await user.type(screen.getByRole('searchbox', { name: 'Search collections' }), 'tutorial');
    expect(await screen.findByText('Result for tutorial')).toBeInTheDocument();
    // One request for the whole word, not one per keystroke.
    expect(shim.count('GET endpoint_search')).toBe(1);
    expect(shim.requests[0].params).toMatchObject({
      filter_fulltext: 'tutorial',
      filter_scope: 'all',
      filter_non_functional: false
    });
    expect(screen.queryByText('The GCS endpoint')).not.toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: /Result for tutorial/ }));
    expect(onSelect).toHaveBeenCalledWith({ id: REMOTE_ID });
  });

  it('cancels the request of a text the user has typed past', async () => {
    const signals: Array<AbortSignal | undefined> = [];
    const shim = fakeShim({
      'GET endpoint_search': (request, signal) => {
        signals.push(signal);
        const text = String(request.params.filter_fulltext);
        const answer: [number, unknown] = [
          200,
          list(endpoint({ display_name: `Result for ${text}` }))
        ];
        // The first search hangs until it is aborted (or 5 s); the second answers at once.
        return text === 'tut'
          ? new Promise(resolve => {
              const timer = setTimeout(() => resolve(answer), 5000);
              signal?.addEventListener('abort', () => {
                clearTimeout(timer);
                resolve(answer);
              });
            })
          : answer;
      }
    });
    const user = userEvent.setup();
    renderWithShim(<CollectionSearch onSelect={jest.fn()} localCollectionId={null} />, shim);
    const box = screen.getByRole('searchbox', { name: 'Search collections' });
    await user.type(box, 'tut');
    await waitFor(() => expect(shim.count('GET endpoint_search')).toBe(1));
    await user.type(box, 'orial');
    expect(await screen.findByText('Result for tutorial')).toBeInTheDocument();
    expect(signals[0]?.aborted).toBe(true);
    expect(signals[1]?.aborted).toBe(false);
    // The aborted answer is dropped, not shown.
    await act(() => new Promise(resolve => setTimeout(resolve, 50)));
    expect(screen.queryByText('Result for tut')).not.toBeInTheDocument();
  });

  it('shows recently used collections, marking the Jupyter server', async () => {
    const shim = fakeShim({
      'GET endpoint_search': [200, list(endpoint({ id: LOCAL_ID, display_name: 'My laptop' }))]
    });
    const user = userEvent.setup();
    renderWithShim(<CollectionSearch onSelect={jest.fn()} localCollectionId={LOCAL_ID} />, shim);
    await user.click(screen.getByRole('tab', { name: 'Recently used' }));
    expect(screen.getByRole('tab', { name: 'Recently used' })).toHaveAttribute(
      'aria-selected',
      'true'
    );
    expect(await screen.findByText('My laptop (this Jupyter server)')).toBeInTheDocument();
    expect(shim.requests[0].params).toMatchObject({ filter_scope: 'recently-used' });
    expect(shim.requests[0].params.filter_fulltext).toBeUndefined();
  });

  it('offers bookmarks with their folder', async () => {
    const shim = fakeShim({
      'GET bookmarks': [
        200,
        {
          DATA_TYPE: 'bookmark_list',
          DATA: [
            {
              DATA_TYPE: 'bookmark',
              id: 'b1',
              name: 'Project data',
              endpoint_id: REMOTE_ID,
              path: '/project/data/'
            }
          ]
        }
      ]
    });
    const onSelect = jest.fn();
    const user = userEvent.setup();
    renderWithShim(<CollectionSearch onSelect={onSelect} localCollectionId={null} />, shim);
    await user.click(screen.getByRole('tab', { name: 'Bookmarks' }));
    await user.click(await screen.findByRole('button', { name: /Project data/ }));
    expect(onSelect).toHaveBeenCalledWith({ id: REMOTE_ID, path: '/project/data/' });
  });

  it('explains a failed search', async () => {
    const shim = fakeShim({
      'GET endpoint_search': [502, { code: 'UnexpectedError', message: 'Transfer is down' }]
    });
    const user = userEvent.setup();
    renderWithShim(<CollectionSearch onSelect={jest.fn()} localCollectionId={null} />, shim);
    await user.type(screen.getByRole('searchbox'), 'x');
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Unexpected error (UnexpectedError): Transfer is down'
    );
  });
});
