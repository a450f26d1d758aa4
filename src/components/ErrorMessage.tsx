import React from 'react';
import { describeError, isCancelled } from '../api/errors';
import { useGlobus } from './context';

/** An error as a sentence, announced to screen readers; nothing for a cancelled request. */
export function ErrorMessage(props: { error: unknown; className?: string }): JSX.Element | null {
  const { trans } = useGlobus();
  if (!props.error || isCancelled(props.error)) {
    return null;
  }
  return (
    <div role="alert" className={`jp-Globus-error ${props.className ?? ''}`}>
      {describeError(props.error, trans)}
    </div>
  );
}
