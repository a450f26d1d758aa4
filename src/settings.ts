/**
 * The user settings of the extension (schema/settings.json), read once and on
 * every change. Kept free of runtime dependencies: it loads at start-up.
 */
import type { SyncLevel } from './api/types';

export interface IGlobusSettings {
  /** `none` means "always copy" (no `sync_level` in the transfer document). */
  defaultSyncLevel: SyncLevel | 'none';
  defaultVerifyChecksum: boolean;
  /** The usual delay between two task polls: the first come sooner, later ones back off. */
  pollIntervalSeconds: number;
  /** Attach the XState inspector (@statelyai/inspect). */
  debugInspector: boolean;
}

export const DEFAULT_SETTINGS: IGlobusSettings = {
  defaultSyncLevel: 'none',
  defaultVerifyChecksum: true,
  pollIntervalSeconds: 5,
  debugInspector: false
};

const SYNC_LEVELS: ReadonlyArray<IGlobusSettings['defaultSyncLevel']> = [
  'none',
  'exists',
  'size',
  'mtime',
  'checksum'
];

/**
 * Settings from the registry's composite, field by field: a hand-edited
 * settings file with a wrong type falls back to the default for that field.
 */
export function readSettings(
  composite: Record<string, unknown> | null | undefined
): IGlobusSettings {
  const value = composite ?? {};
  const sync = value.defaultSyncLevel;
  const poll = value.pollIntervalSeconds;
  return {
    defaultSyncLevel: SYNC_LEVELS.includes(sync as IGlobusSettings['defaultSyncLevel'])
      ? (sync as IGlobusSettings['defaultSyncLevel'])
      : DEFAULT_SETTINGS.defaultSyncLevel,
    defaultVerifyChecksum:
      typeof value.defaultVerifyChecksum === 'boolean'
        ? value.defaultVerifyChecksum
        : DEFAULT_SETTINGS.defaultVerifyChecksum,
    pollIntervalSeconds:
      typeof poll === 'number' && Number.isFinite(poll) && poll >= 1
        ? poll
        : DEFAULT_SETTINGS.pollIntervalSeconds,
    debugInspector:
      typeof value.debugInspector === 'boolean'
        ? value.debugInspector
        : DEFAULT_SETTINGS.debugInspector
  };
}

/** The inspector is on by setting or by `?xstate-inspect` in the page URL. */
export function isInspectorRequested(settings: IGlobusSettings, search: string): boolean {
  return settings.debugInspector || new URLSearchParams(search).has('xstate-inspect');
}
