import './support/polyfills';
import { screen, within } from '@testing-library/react';
import React from 'react';
import type { TransferRequest } from '../../src/api/types';
import { ReviewStep } from '../../src/components/ReviewStep';
import { fakeShim } from './support/fakeShim';
import { LOCAL_ID, REMOTE_ID } from './support/fixtures';
import { renderWithShim } from './support/render';

/** The value shown next to a term of the summary. */
function valueOf(term: string): string | null {
  return screen.getByText(term, { selector: 'dt' }).nextElementSibling?.textContent ?? null;
}

const request: TransferRequest = {
  source_endpoint: LOCAL_ID,
  destination_endpoint: REMOTE_ID,
  DATA: [
    { source_path: '/home/jovyan/data/', destination_path: '/~/data/', recursive: true },
    { source_path: '/home/jovyan/a.txt', destination_path: '/~/a.txt', recursive: false }
  ],
  verify_checksum: true,
  label: 'nightly',
  sync_level: 'mtime',
  encrypt_data: true
};

describe('ReviewStep', () => {
  it('shows the request as sent: names, sync level, flags and each item', () => {
    renderWithShim(
      <ReviewStep request={request} names={{ [LOCAL_ID]: 'Jupyter', [REMOTE_ID]: 'Archive' }} />,
      fakeShim()
    );
    expect(valueOf('From')).toBe('Jupyter');
    expect(valueOf('To')).toBe('Archive');
    expect(valueOf('Label')).toBe('nightly');
    expect(valueOf('Sync')).toBe('If the source is newer');
    expect(valueOf('Verify checksums')).toBe('yes');
    expect(valueOf('Encrypt')).toBe('yes');
    // Left out of the request: Globus's default, off.
    expect(valueOf('Preserve timestamps')).toBe('no');
    const table = screen.getByRole('table', { name: '2 items' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map(row => row.textContent)).toEqual([
      '/home/jovyan/data/ (folder)/~/data/',
      '/home/jovyan/a.txt/~/a.txt'
    ]);
  });

  it('shows a request without sync level as "always copy" and unknown collections by id', () => {
    const { sync_level: _omitted, label: _label, ...plain } = request;
    renderWithShim(<ReviewStep request={plain} names={{}} />, fakeShim());
    expect(valueOf('Sync')).toBe('Always copy');
    expect(valueOf('To')).toBe(REMOTE_ID);
    expect(screen.queryByText('Label', { selector: 'dt' })).not.toBeInTheDocument();
  });
});
