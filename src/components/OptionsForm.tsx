/**
 * The transfer options, as the Globus web app offers them
 * (jupyter-ecosystem.md §3.2, Transfer fields in globus-api.md §2.6). The
 * values live in the wizard's statechart; this form only reports changes.
 */
import { Button, HTMLSelect, InputGroup } from '@jupyterlab/ui-components';
import React, { useId } from 'react';
import type { TransferOptions } from '../machines/transfer-request';
import { MAX_LABEL_LENGTH } from '../machines/transfer-request';
import { useGlobus } from './context';
import { syncLevelLabels } from './syncLevels';

export interface IOptionsFormProps {
  options: TransferOptions;
  onChange: (patch: Partial<TransferOptions>) => void;
  /** The collection requires encryption: the box is checked and locked. */
  encryptionForced: boolean;
  /** "Delete extra files" was confirmed by the user. */
  deleteExtraConfirmed: boolean;
  onConfirmDeleteExtra: () => void;
}

type BooleanOption = {
  [K in keyof TransferOptions]: TransferOptions[K] extends boolean ? K : never;
}[keyof TransferOptions];

export function OptionsForm(props: IOptionsFormProps): JSX.Element {
  const { trans } = useGlobus();
  const { options, onChange } = props;
  const id = useId();
  const checkbox = (
    key: BooleanOption,
    label: string,
    extra?: { disabled?: boolean; hint?: string }
  ) => (
    <div className="jp-Globus-option">
      <input
        id={`${id}-${key}`}
        type="checkbox"
        checked={options[key]}
        disabled={extra?.disabled}
        onChange={event => onChange({ [key]: event.target.checked })}
        aria-describedby={extra?.hint ? `${id}-${key}-hint` : undefined}
      />
      <label htmlFor={`${id}-${key}`}>{label}</label>
      {extra?.hint ? (
        <span id={`${id}-${key}-hint`} className="jp-Globus-detail">
          {extra.hint}
        </span>
      ) : null}
    </div>
  );
  const syncLevels = Object.entries(syncLevelLabels(trans)).map(([value, label]) => ({
    value,
    label
  }));
  const labelTooLong = options.label.trim().length > MAX_LABEL_LENGTH;
  return (
    <fieldset className="jp-Globus-options">
      <legend>{trans.__('Transfer options')}</legend>
      <div className="jp-Globus-option jp-Globus-optionWide">
        <label htmlFor={`${id}-label`}>{trans.__('Label')}</label>
        <InputGroup
          id={`${id}-label`}
          value={options.label}
          placeholder={trans.__('Optional name for this transfer')}
          aria-invalid={labelTooLong}
          onChange={event => onChange({ label: event.target.value })}
        />
        {labelTooLong ? (
          <span role="alert" className="jp-Globus-error">
            {trans.__('A label has at most %1 characters.', MAX_LABEL_LENGTH)}
          </span>
        ) : null}
      </div>
      <div className="jp-Globus-option jp-Globus-optionWide">
        <label htmlFor={`${id}-sync`}>{trans.__('Sync: copy files')}</label>
        <HTMLSelect
          id={`${id}-sync`}
          value={options.sync_level}
          options={syncLevels}
          onChange={event =>
            onChange({ sync_level: event.target.value as TransferOptions['sync_level'] })
          }
        />
      </div>
      {checkbox('verify_checksum', trans.__('Verify file integrity after transfer'))}
      {checkbox('preserve_timestamp', trans.__('Preserve source file modification times'))}
      {checkbox('encrypt_data', trans.__('Encrypt transfer'), {
        disabled: props.encryptionForced,
        hint: props.encryptionForced ? trans.__('This collection requires encryption.') : undefined
      })}
      {checkbox(
        'delete_destination_extra',
        trans.__('Delete files on the destination that do not exist on the source')
      )}
      {options.delete_destination_extra && !props.deleteExtraConfirmed ? (
        <div role="alert" className="jp-Globus-warning">
          {trans.__(
            'Files in the destination folder that are not in the source will be deleted. This cannot be undone.'
          )}
          <Button small onClick={props.onConfirmDeleteExtra}>
            {trans.__('I understand, delete extra files')}
          </Button>
        </div>
      ) : null}
      {checkbox('skip_source_errors', trans.__('Skip files that cannot be read on the source'))}
      {checkbox(
        'fail_on_quota_errors',
        trans.__('Fail the transfer when the destination quota is exceeded')
      )}
      <fieldset className="jp-Globus-notify">
        <legend>{trans.__('Email me when the transfer')}</legend>
        {checkbox('notify_on_succeeded', trans.__('succeeds'))}
        {checkbox('notify_on_failed', trans.__('fails'))}
        {checkbox('notify_on_inactive', trans.__('needs attention'))}
      </fieldset>
    </fieldset>
  );
}
