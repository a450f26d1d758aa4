import './support/polyfills';
import { nullTranslator } from '@jupyterlab/translation';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import React, { useState } from 'react';
import type { FileDocument } from '../../src/api/types';
import { RemoteListing } from '../../src/components/listing/RemoteListing';
import { sortEntries } from '../../src/components/listing/sorting';
import { file } from './support/fixtures';
import { giveElementsASize } from './support/layout';

const trans = nullTranslator.load('globus');
let restoreLayout: () => void;
beforeAll(() => (restoreLayout = giveElementsASize(800, 240)));
afterAll(() => restoreLayout());

function Harness(props: { entries: FileDocument[]; onOpen?: (name: string) => void }) {
  const [selected, setSelected] = useState<string[]>([]);
  return (
    <>
      <RemoteListing
        entries={props.entries}
        selected={selected}
        onSelectionChange={setSelected}
        onOpenFolder={props.onOpen ?? (() => undefined)}
        trans={trans}
        label="/home/"
      />
      <output data-testid="selection">{selected.join(',')}</output>
    </>
  );
}

const names = () => screen.getAllByRole('option').map(option => option.textContent);

describe('RemoteListing', () => {
  const entries = [
    file('b.txt', { size: 10 }),
    file('data', { type: 'dir', size: 4096 }),
    file('A.csv', { size: 300 }),
    file('c.bin', { size: 20 })
  ];

  it('lists folders first, then names case-insensitively, with sizes', () => {
    render(<Harness entries={entries} />);
    expect(screen.getByRole('listbox', { name: '/home/' })).toHaveAttribute(
      'aria-multiselectable',
      'true'
    );
    expect(names()).toEqual([
      'data2026-01-02 03:04',
      'A.csv300 B2026-01-02 03:04',
      'b.txt10 B2026-01-02 03:04',
      'c.bin20 B2026-01-02 03:04'
    ]);
  });

  it('sorts by a column and reverses on a second click', async () => {
    const user = userEvent.setup();
    render(<Harness entries={entries} />);
    await user.click(screen.getByRole('button', { name: /Size/ }));
    const sizeHeader = screen.getByRole('button', { name: /Size/ });
    expect(sizeHeader).toHaveAccessibleName('Size, sorted ascending');
    expect(sizeHeader).toHaveAttribute('aria-pressed', 'true');
    expect(screen.getByRole('button', { name: /Name/ })).toHaveAttribute('aria-pressed', 'false');
    expect(names().map(n => n?.split(/\d/)[0])).toEqual(['data', 'b.txt', 'c.bin', 'A.csv']);
    await user.click(screen.getByRole('button', { name: /Size/ }));
    expect(sizeHeader).toHaveAccessibleName('Size, sorted descending');
    expect(names().map(n => n?.split(/\d/)[0])).toEqual(['data', 'A.csv', 'c.bin', 'b.txt']);
  });

  it('selects with click, ctrl-click and shift-click ranges', async () => {
    const user = userEvent.setup();
    render(<Harness entries={entries} />);
    const option = (name: string) => screen.getByText(name).closest('[role="option"]')!;
    await user.click(option('A.csv'));
    expect(screen.getByTestId('selection')).toHaveTextContent(/^A.csv$/);
    await user.keyboard('{Shift>}');
    await user.click(option('c.bin'));
    await user.keyboard('{/Shift}');
    expect(screen.getByTestId('selection')).toHaveTextContent('A.csv,b.txt,c.bin');
    await user.keyboard('{Control>}');
    await user.click(option('b.txt'));
    await user.keyboard('{/Control}');
    expect(screen.getByTestId('selection')).toHaveTextContent(/^A.csv,c.bin$/);
    expect(option('c.bin')).toHaveAttribute('aria-selected', 'true');
    expect(option('b.txt')).toHaveAttribute('aria-selected', 'false');
  });

  it('is keyboard operable: arrows move, shift extends, Enter opens a folder', async () => {
    const onOpen = jest.fn();
    render(<Harness entries={entries} onOpen={onOpen} />);
    const list = screen.getByRole('listbox');
    list.focus();
    fireEvent.keyDown(list, { key: 'Enter' });
    expect(onOpen).toHaveBeenCalledWith('data');
    fireEvent.keyDown(list, { key: 'ArrowDown' });
    expect(screen.getByTestId('selection')).toHaveTextContent(/^A.csv$/);
    fireEvent.keyDown(list, { key: 'ArrowDown', shiftKey: true });
    expect(screen.getByTestId('selection')).toHaveTextContent(/^A.csv,b.txt$/);
    fireEvent.keyDown(list, { key: 'a', ctrlKey: true });
    expect(screen.getByTestId('selection')).toHaveTextContent('data,A.csv,b.txt,c.bin');
    expect(list.getAttribute('aria-activedescendant')).toMatch(/-2$/);
  });

  it('renders only the rows on screen of a 100 000-entry folder', () => {
    const many = Array.from({ length: 100_000 }, (_, i) => file(`f${i}`));
    render(<Harness entries={many} />);
    const rendered = screen.getAllByRole('option');
    // 240 px / 24 px = 10 visible rows plus the overscan on one side.
    expect(rendered.length).toBeLessThan(40);
    expect(rendered[0]).toHaveAttribute('aria-setsize', '100000');
    expect(within(rendered[0]).getByText('f0')).toBeInTheDocument();
  });

  it('shows the first screen of a large folder at once and the full order right after', async () => {
    const many = Array.from({ length: 6000 }, (_, i) =>
      file(`n${String(5999 - i).padStart(4, '0')}`)
    );
    render(<Harness entries={many} />);
    const list = screen.getByRole('listbox');
    expect(screen.getAllByRole('option')[0]).toHaveTextContent(/^n0000/);
    await waitFor(() => expect(list).toHaveAttribute('aria-busy', 'false'));
    list.focus();
    fireEvent.keyDown(list, { key: 'End' });
    await waitFor(() => expect(screen.getByTestId('selection')).toHaveTextContent(/^n5999$/));
  });

  it('says so when a folder is empty', () => {
    render(<Harness entries={[]} />);
    expect(screen.getByText('This folder is empty.')).toBeInTheDocument();
  });
});

describe('sortEntries', () => {
  it('breaks ties by exact name and keeps folders first when descending', () => {
    const sorted = sortEntries([file('b'), file('B'), file('z', { type: 'dir' }), file('a')], {
      key: 'name',
      direction: 'descending'
    });
    expect(sorted.map(e => e.name)).toEqual(['z', 'b', 'B', 'a']);
  });
});
