/**
 * What every Globus component reads from above: the shim client and the
 * translation bundle (tests substitute the client), plus react-query's
 * QueryClient. Each ReactWidget is its own React root, so each one wraps its
 * tree in `GlobusProviders`.
 */
import type { TranslationBundle } from '@jupyterlab/translation';
import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import React, { createContext, useContext } from 'react';
import type { IShimClient } from '../api/client';

export interface IGlobusContext {
  client: IShimClient;
  trans: TranslationBundle;
  /** The settings' task poll interval, in milliseconds (the first polls come sooner). */
  pollMs: number;
}

const GlobusContext = createContext<IGlobusContext | null>(null);

export function GlobusProviders(
  props: IGlobusContext & { queryClient: QueryClient; children: React.ReactNode }
): JSX.Element {
  const { client, trans, pollMs, queryClient, children } = props;
  return (
    <QueryClientProvider client={queryClient}>
      <GlobusContext.Provider value={{ client, trans, pollMs }}>{children}</GlobusContext.Provider>
    </QueryClientProvider>
  );
}

export function useGlobus(): IGlobusContext {
  const value = useContext(GlobusContext);
  if (!value) {
    throw new Error('Globus components must be rendered inside <GlobusProviders>');
  }
  return value;
}
