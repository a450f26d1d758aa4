/**
 * The JupyterHub "copy this code" step (globus-api.md §1.3), shared by the
 * first login (LoginView) and a login again during a recovery
 * (RecoveryPrompt): instructions with a link to Globus, a field for the
 * pasted code, submit and cancel. Both charts send the same `code.submit`.
 */
import { Button, InputGroup } from '@jupyterlab/ui-components';
import React, { useId, useState } from 'react';
import { useGlobus } from './context';

export interface ICopyCodeFormProps {
  /** What to do first, with the link to the Globus login page. */
  instructions: React.ReactNode;
  /** The visible label of the code field. */
  label: string;
  /** The code is being checked: the form waits. */
  checking: boolean;
  /** Why the last code or login failed, if it did. */
  failure: React.ReactNode;
  onSubmit: (code: string) => void;
  onCancel: () => void;
  className?: string;
}

export function CopyCodeForm(props: ICopyCodeFormProps): JSX.Element {
  const { trans } = useGlobus();
  const [code, setCode] = useState('');
  // Two forms may be open at once (side panel and wizard): ids must differ.
  const fieldId = useId();
  return (
    <form
      className={props.className}
      onSubmit={event => {
        event.preventDefault();
        props.onSubmit(code);
      }}
    >
      {props.instructions}
      <label htmlFor={fieldId}>{props.label}</label>
      <InputGroup
        id={fieldId}
        value={code}
        autoComplete="off"
        onChange={event => setCode(event.target.value)}
      />
      {props.failure}
      <div className="jp-Globus-actions">
        <Button
          className="jp-Globus-primary"
          type="submit"
          disabled={props.checking || code.trim() === ''}
        >
          {props.checking ? trans.__('Checking the code…') : trans.__('Submit code')}
        </Button>
        <Button type="button" minimal onClick={props.onCancel}>
          {trans.__('Cancel')}
        </Button>
      </div>
    </form>
  );
}
