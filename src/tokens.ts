/**
 * Ids, DI tokens and the public interfaces of the extension. Loaded at
 * JupyterLab start-up, so it holds no runtime library.
 */
import type { ServerConnection } from '@jupyterlab/services';
import { Token } from '@lumino/coreutils';
import type { ISignal } from '@lumino/signaling';
import type { IGlobusSettings } from './settings';

export const PACKAGE_NAME = 'globus-jupyterlab-ts';

export const PluginIDs = {
  settings: `${PACKAGE_NAME}:settings`,
  transfer: `${PACKAGE_NAME}:transfer`,
  panel: `${PACKAGE_NAME}:panel`
} as const;

export const CommandIDs = {
  /** Open the transfer wizard for the file browser's selection. */
  transfer: 'globus:transfer',
  /** Show the Globus side panel. */
  openPanel: 'globus:open-panel',
  login: 'globus:login',
  logout: 'globus:logout'
} as const;

/** The part of the extension everything else shares: settings and the lazy runtime. */
export interface IGlobusModel {
  /** The current settings. */
  readonly settings: IGlobusSettings;
  readonly settingsChanged: ISignal<IGlobusModel, IGlobusSettings>;
  /** The Jupyter server the shim is reached through. */
  readonly serverSettings: ServerConnection.ISettings;
  /**
   * Load the runtime (axios, react-query, xstate and the React UI) on first
   * use: it is a separate chunk, so JupyterLab starts without it.
   */
  runtime(): Promise<import('./runtime').GlobusRuntime>;
  /**
   * The runtime if it is already loaded, else null: a command that opens a
   * login popup must act within the click, before any await.
   */
  readonly loadedRuntime: import('./runtime').GlobusRuntime | null;
}

export const IGlobusModel = new Token<IGlobusModel>(
  `${PACKAGE_NAME}:IGlobusModel`,
  'Globus settings and the lazily loaded transfer runtime.'
);
