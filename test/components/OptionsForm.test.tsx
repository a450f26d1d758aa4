import './support/polyfills';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import React, { useState } from 'react';
import { OptionsForm } from '../../src/components/OptionsForm';
import { initialOptions, type TransferOptions } from '../../src/machines/transfer-request';
import { fakeShim } from './support/fakeShim';
import { renderWithShim } from './support/render';

function Host(props: { encryptionForced?: boolean; onConfirm?: () => void }) {
  const [options, setOptions] = useState<TransferOptions>(
    initialOptions({ syncLevel: 'none', verifyChecksum: true })
  );
  const [confirmed, setConfirmed] = useState(false);
  return (
    <>
      <OptionsForm
        options={options}
        onChange={patch => setOptions(current => ({ ...current, ...patch }))}
        encryptionForced={props.encryptionForced ?? false}
        deleteExtraConfirmed={confirmed}
        onConfirmDeleteExtra={() => {
          setConfirmed(true);
          props.onConfirm?.();
        }}
      />
      <output data-testid="options">{JSON.stringify(options)}</output>
    </>
  );
}

const current = () => JSON.parse(screen.getByTestId('options').textContent ?? '{}');

describe('OptionsForm', () => {
  it('labels every control and starts with verify checksum on', () => {
    renderWithShim(<Host />, fakeShim());
    expect(
      screen.getByRole('checkbox', { name: 'Verify file integrity after transfer' })
    ).toBeChecked();
    expect(screen.getByRole('checkbox', { name: 'Encrypt transfer' })).not.toBeChecked();
    expect(screen.getByRole('combobox', { name: 'Sync: copy files' })).toHaveValue('none');
    expect(screen.getByRole('group', { name: 'Email me when the transfer' })).toBeInTheDocument();
  });

  it('reports each change as a patch', async () => {
    const user = userEvent.setup();
    renderWithShim(<Host />, fakeShim());
    await user.type(screen.getByRole('textbox', { name: 'Label' }), 'nightly');
    await user.selectOptions(screen.getByRole('combobox', { name: 'Sync: copy files' }), 'mtime');
    await user.click(
      screen.getByRole('checkbox', { name: 'Preserve source file modification times' })
    );
    await user.click(
      screen.getByRole('checkbox', { name: 'Verify file integrity after transfer' })
    );
    await user.click(screen.getByRole('checkbox', { name: 'fails' }));
    expect(current()).toMatchObject({
      label: 'nightly',
      sync_level: 'mtime',
      preserve_timestamp: true,
      verify_checksum: false,
      notify_on_failed: false
    });
  });

  it('locks encryption on when the collection requires it', () => {
    renderWithShim(<Host encryptionForced />, fakeShim());
    const box = screen.getByRole('checkbox', { name: 'Encrypt transfer' });
    expect(box).toBeDisabled();
    expect(box).toHaveAccessibleDescription('This collection requires encryption.');
  });

  it('asks for a confirmation before deleting extra destination files', async () => {
    const onConfirm = jest.fn();
    const user = userEvent.setup();
    renderWithShim(<Host onConfirm={onConfirm} />, fakeShim());
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    await user.click(screen.getByRole('checkbox', { name: /Delete files on the destination/ }));
    expect(screen.getByRole('alert')).toHaveTextContent('This cannot be undone.');
    await user.click(screen.getByRole('button', { name: 'I understand, delete extra files' }));
    expect(onConfirm).toHaveBeenCalledTimes(1);
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('flags a label Globus would refuse', async () => {
    const user = userEvent.setup();
    renderWithShim(<Host />, fakeShim());
    const label = screen.getByRole('textbox', { name: 'Label' });
    await user.click(label);
    await user.paste('x'.repeat(129));
    expect(label).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByRole('alert')).toHaveTextContent('at most 128 characters');
  });
});
