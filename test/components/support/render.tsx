/** Render a Globus component the way the widgets do: real client, real QueryClient. */
import { nullTranslator } from '@jupyterlab/translation';
import type { QueryClient } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import React from 'react';
import { createQueryClient } from '../../../src/api/queries';
import { GlobusProviders } from '../../../src/components/context';
import type { IFakeShim } from './fakeShim';

export const trans = nullTranslator.load('globus');

export function testQueryClient(): QueryClient {
  const client = createQueryClient();
  // Retries with back-off would only slow the tests down; the retry rule has its own test.
  client.setDefaultOptions({
    queries: { ...client.getDefaultOptions().queries, retry: false }
  });
  return client;
}

export function renderWithShim(
  ui: React.ReactElement,
  shim: IFakeShim,
  options: { queryClient?: QueryClient; pollMs?: number } = {}
) {
  const queryClient = options.queryClient ?? testQueryClient();
  const result = render(
    <GlobusProviders
      client={shim.client}
      queryClient={queryClient}
      trans={trans}
      pollMs={options.pollMs ?? 20}
    >
      {ui}
    </GlobusProviders>
  );
  return { ...result, queryClient };
}

/** A promise to resolve by hand, for answers that must arrive late. */
export function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>(done => (resolve = done));
  return { promise, resolve };
}
