import type { TranslationBundle } from '@jupyterlab/translation';
import type { TransferOptions } from '../machines/transfer-request';

/**
 * What each sync level copies, for the options form and the review; the same
 * words as the settings schema (schema/settings.json `defaultSyncLevel`).
 */
export function syncLevelLabels(
  trans: TranslationBundle
): Record<TransferOptions['sync_level'], string> {
  return {
    none: trans.__('Always copy'),
    exists: trans.__('Only if missing at the destination'),
    size: trans.__('If the size differs'),
    mtime: trans.__('If the source is newer'),
    checksum: trans.__('If the checksum differs')
  };
}
