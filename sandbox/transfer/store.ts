/** Transfer's per-user state: bookmarks, tasks, submissions, recently used collections. */
import type { TransferDocument } from './submission-schema';

export interface BookmarkDocument {
  DATA_TYPE: 'bookmark';
  id: string;
  name: string;
  endpoint_id: string;
  path: string;
  pinned: boolean;
}

export interface EventDocument {
  DATA_TYPE: 'event';
  code: string;
  description: string;
  details: string;
  is_error: boolean;
  time: string;
}

/** The task document (PYT get_task1_active.json, globus-api.md §2.7). */
export interface TaskDocument {
  DATA_TYPE: 'task';
  task_id: string;
  type: 'TRANSFER';
  status: 'ACTIVE' | 'INACTIVE' | 'SUCCEEDED' | 'FAILED';
  label: string | null;
  command: 'API 0.10';
  owner_id: string;
  username: string;
  request_time: string;
  completion_time: string | null;
  deadline: string;
  source_endpoint: string;
  source_endpoint_id: string;
  source_endpoint_display_name: string;
  destination_endpoint: string;
  destination_endpoint_id: string;
  destination_endpoint_display_name: string;
  sync_level: number | null;
  verify_checksum: boolean;
  preserve_timestamp: boolean;
  encrypt_data: boolean;
  delete_destination_extra: boolean;
  skip_source_errors: boolean;
  fail_on_quota_errors: boolean;
  recursive_symlinks: string;
  filter_rules: unknown[] | null;
  is_ok: boolean | null;
  is_paused: boolean;
  nice_status: string | null;
  nice_status_short_description: string | null;
  nice_status_details: string | null;
  nice_status_expires_in: number | null;
  fatal_error: { code: string; description: string } | null;
  canceled_by_admin: null;
  canceled_by_admin_message: null;
  history_deleted: boolean;
  files: number;
  directories: number;
  symlinks: number;
  files_transferred: number;
  files_skipped: number;
  bytes_transferred: number;
  bytes_checksummed: number;
  effective_bytes_per_second: number;
  faults: number;
  subtasks_total: number;
  subtasks_succeeded: number;
  subtasks_failed: number;
  subtasks_pending: number;
  subtasks_retrying: number;
  subtasks_canceled: number;
  subtasks_expired: number;
  subtasks_skipped_errors: number;
}

export interface SuccessfulTransfer {
  DATA_TYPE: 'successful_transfer';
  source_path: string;
  destination_path: string;
  size: number;
  checksum: string | null;
  checksum_algorithm: string | null;
}

export interface TaskRecord {
  doc: TaskDocument;
  account: string;
  submission_id: string;
  request: TransferDocument;
  /** Newest first, as event_list answers (globus-api.md §2.9). */
  events: EventDocument[];
  successful: SuccessfulTransfer[];
  cancelRequested: boolean;
  /** Resolves when the background copy has finished (tests await it). */
  done: Promise<void>;
}

export class TransferStore {
  readonly bookmarks = new Map<string, BookmarkDocument[]>();
  readonly tasks = new Map<string, TaskRecord>();
  /** `${account}:${submission_id}` → task id. */
  readonly submissions = new Map<string, string>();
  readonly issuedSubmissionIds = new Set<string>();
  /** account → collection id → last use (ms). */
  readonly recentlyUsed = new Map<string, Map<string, number>>();
  /** Globus Connect Personal collections whose agent is currently not connected. */
  readonly disconnectedGcp = new Set<string>();

  markUsed(account: string, collectionId: string, at: number): void {
    let used = this.recentlyUsed.get(account);
    if (!used) {
      used = new Map();
      this.recentlyUsed.set(account, used);
    }
    used.set(collectionId, at);
  }

  bookmarksOf(account: string): BookmarkDocument[] {
    let list = this.bookmarks.get(account);
    if (!list) {
      list = [];
      this.bookmarks.set(account, list);
    }
    return list;
  }

  tasksOf(account: string): TaskRecord[] {
    return [...this.tasks.values()].filter(t => t.account === account);
  }
}
