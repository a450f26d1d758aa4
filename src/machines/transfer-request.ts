/**
 * The transfer the wizard will submit, built from its form state only. Pure,
 * so the review screen shows exactly what `submitting` sends.
 */
import type { SyncLevel, TransferItem, TransferRequest } from '../api/types';

/** Which way the data goes, seen from Jupyter. */
export type Direction = 'toCollection' | 'fromCollection';

/** The wizard's options form; `sync_level: 'none'` means "always copy" (the key is left out). */
export interface TransferOptions {
  label: string;
  sync_level: SyncLevel | 'none';
  verify_checksum: boolean;
  preserve_timestamp: boolean;
  encrypt_data: boolean;
  delete_destination_extra: boolean;
  skip_source_errors: boolean;
  fail_on_quota_errors: boolean;
  notify_on_succeeded: boolean;
  notify_on_failed: boolean;
  notify_on_inactive: boolean;
}

export interface OptionDefaults {
  syncLevel: SyncLevel | 'none';
  verifyChecksum: boolean;
}

export function initialOptions(defaults: OptionDefaults): TransferOptions {
  return {
    label: '',
    sync_level: defaults.syncLevel,
    verify_checksum: defaults.verifyChecksum,
    preserve_timestamp: false,
    encrypt_data: false,
    delete_destination_extra: false,
    skip_source_errors: false,
    fail_on_quota_errors: false,
    // Globus notifies by default (globus-api.md §2.6); the web app lets users turn it off.
    notify_on_succeeded: true,
    notify_on_failed: true,
    notify_on_inactive: true
  };
}

/** The part of the wizard's context a transfer is built from. */
export interface TransferSource {
  direction: Direction;
  /** Jupyter contents paths (relative to the Jupyter root), as the file browser gives them. */
  jupyterPaths: string[];
  jupyterDirs: boolean[];
  localCollectionId: string | null;
  /** `/config` `collection_base_path`: where the Jupyter root sits on the local collection. */
  collectionBasePath: string;
  collectionId: string | null;
  /** The folder shown in the browse step, on the other collection. */
  path: string;
  selectedNames: string[];
  selectedDirs: boolean[];
  options: TransferOptions;
  /** The chosen collection requires encryption (`force_encryption`, globus-api.md §2.2). */
  encryptionForced: boolean;
}

/**
 * POSIX join that also resolves `.` and `..`, always absolute, as the
 * original's `path.posix.resolve` did in the browser (cwd `/`). `~` stays a
 * segment: Globus reads `/~/x` as the home directory.
 */
export function joinPath(...parts: string[]): string {
  const segments: string[] = [];
  for (const part of parts) {
    for (const segment of part.split('/')) {
      if (segment === '' || segment === '.') {
        continue;
      }
      if (segment === '..') {
        segments.pop();
      } else {
        segments.push(segment);
      }
    }
  }
  return '/' + segments.join('/');
}

export function baseName(path: string): string {
  const segments = path.split('/').filter(segment => segment !== '');
  return segments[segments.length - 1] ?? '';
}

/**
 * What still prevents a transfer, as stable codes the UI words (empty = ready).
 * The wizard's guards use it, so a disabled "Next" and a refused event agree.
 */
export type TransferProblem =
  | 'no_local_collection'
  | 'no_jupyter_items'
  | 'no_collection'
  | 'destination_needs_one_jupyter_folder'
  | 'no_source_selected'
  | 'destination_needs_one_folder'
  | 'label_too_long';

/** Globus caps task labels at 128 characters (Transfer API task document). */
export const MAX_LABEL_LENGTH = 128;

export function destinationProblems(source: TransferSource): TransferProblem[] {
  const problems: TransferProblem[] = [];
  if (!source.localCollectionId) {
    problems.push('no_local_collection');
  }
  if (source.jupyterPaths.length === 0) {
    problems.push('no_jupyter_items');
  }
  if (!source.collectionId) {
    problems.push('no_collection');
  }
  if (source.direction === 'fromCollection') {
    // Into Jupyter: one Jupyter folder receives the collection's items, as in the original.
    if (source.jupyterPaths.length !== 1 || !source.jupyterDirs[0]) {
      problems.push('destination_needs_one_jupyter_folder');
    }
    if (source.selectedNames.length === 0) {
      problems.push('no_source_selected');
    }
  } else if (
    source.selectedNames.length > 1 ||
    (source.selectedNames.length === 1 && !source.selectedDirs[0])
  ) {
    // Out of Jupyter: the current folder, or the one folder selected in it.
    problems.push('destination_needs_one_folder');
  }
  return problems;
}

export function transferProblems(source: TransferSource): TransferProblem[] {
  const problems = destinationProblems(source);
  if (source.options.label.trim().length > MAX_LABEL_LENGTH) {
    problems.push('label_too_long');
  }
  return problems;
}

function items(source: TransferSource): TransferItem[] {
  const localRoot = source.collectionBasePath || '/';
  if (source.direction === 'fromCollection') {
    const destinationFolder = joinPath(localRoot, source.jupyterPaths[0]);
    return source.selectedNames.map((name, index) => ({
      source_path: joinPath(source.path, name),
      destination_path: joinPath(destinationFolder, name),
      recursive: source.selectedDirs[index] === true
    }));
  }
  const destinationFolder =
    source.selectedNames.length === 1
      ? joinPath(source.path, source.selectedNames[0])
      : joinPath(source.path);
  // Each item lands in the destination folder under its own name, as a file
  // manager's copy does.
  return source.jupyterPaths.map((jupyterPath, index) => ({
    source_path: joinPath(localRoot, jupyterPath),
    destination_path: joinPath(destinationFolder, baseName(jupyterPath)),
    recursive: source.jupyterDirs[index] === true
  }));
}

/**
 * The `POST /submit_transfer` body (src/api/types.ts). Options equal to
 * Globus's own defaults are left out, so the request stays the original's
 * minimal one unless the user changed something; `verify_checksum` is always
 * sent because the API default (off) differs from ours (on, like the web app,
 * jupyter-ecosystem.md §3.2). Throws, naming the problems, when the form is
 * not complete: the wizard only calls it when `transferProblems` is empty.
 */
export function buildTransferRequest(source: TransferSource): TransferRequest {
  const problems = transferProblems(source);
  if (problems.length > 0) {
    throw new Error(`buildTransferRequest: the transfer is incomplete: ${problems.join(', ')}`);
  }
  const local = source.localCollectionId as string;
  const other = source.collectionId as string;
  const { options } = source;
  const request: TransferRequest = {
    source_endpoint: source.direction === 'toCollection' ? local : other,
    destination_endpoint: source.direction === 'toCollection' ? other : local,
    DATA: items(source),
    verify_checksum: options.verify_checksum
  };
  const label = options.label.trim();
  if (label) {
    request.label = label;
  }
  if (options.sync_level !== 'none') {
    request.sync_level = options.sync_level;
  }
  if (options.encrypt_data || source.encryptionForced) {
    request.encrypt_data = true;
  }
  if (options.preserve_timestamp) {
    request.preserve_timestamp = true;
  }
  if (options.delete_destination_extra) {
    request.delete_destination_extra = true;
  }
  if (options.skip_source_errors) {
    request.skip_source_errors = true;
  }
  if (options.fail_on_quota_errors) {
    request.fail_on_quota_errors = true;
  }
  if (!options.notify_on_succeeded) {
    request.notify_on_succeeded = false;
  }
  if (!options.notify_on_failed) {
    request.notify_on_failed = false;
  }
  if (!options.notify_on_inactive) {
    request.notify_on_inactive = false;
  }
  return request;
}
