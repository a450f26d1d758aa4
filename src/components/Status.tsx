import React from 'react';

/** A line saying what is under way, announced politely to screen readers. */
export function Status(props: { children: React.ReactNode }): JSX.Element {
  return (
    <p role="status" className="jp-Globus-status">
      {props.children}
    </p>
  );
}
