/**
 * Request and response bodies of every shim route: the one contract between the
 * JupyterLab frontend (`src/api/client.ts`) and the Node shim (`server-ts/`).
 *
 * Route names, parameters and JSON keys are the original Python extension's
 * (globus/globus-jupyterlab, handlers/*.py), so existing deployments and custom
 * submission services keep working. Globus documents pass through with their
 * Globus field names; see ../shared/reference/globus-api.md §2 for each one.
 *
 * This file holds types only: nothing here may be a runtime value, so importing
 * it costs the browser bundle nothing.
 */

/** `GET /config`: the original's keys, unchanged. */
export interface GlobusConfigResponse {
  /** The local collection (GLOBUS_COLLECTION_ID, else a local GCP, else GLOBUS_LOCAL_ENDPOINT). */
  collection_id: string | null;
  /** GLOBUS_COLLECTION_PATH: prepended to Jupyter paths on the local collection. */
  collection_base_path: string;
  host_posix_basepath: string | null;
  host_collection_basepath: string | null;
  is_gcp: boolean;
  is_hub: boolean;
  is_manual_copy_code_required: boolean;
  is_logged_in: boolean;
  transfer_submission_url: string | null;
  transfer_submission_scope: string | null;
  transfer_submission_is_hub_service: boolean;
  /** ISO 8601 time of the last completed login, or null. */
  last_login: string | null;
  collection_id_owner: string | null;
}

/** `GET /oauth_callback_manual?code=`: the copy-code flow's answer. */
export interface ManualCallbackResponse {
  result: boolean;
  status_code: number;
  code: string;
  message: string;
}

/** `GET|POST /logout`. */
export interface LogoutResponse {
  result: boolean;
  details: string;
}

/** `GET /whoami`. */
export interface WhoAmIResponse {
  name: string;
  preferred_username: string;
  identities: Array<{
    id: string;
    username: string;
    identity_provider_display_name: string;
  }>;
}

/** `GET /get_dependent_submission_scope?collection=`. */
export interface DependentScopeResponse {
  scope: string;
  /** The original's keys: GLOBUS_TRANSFER_SUBMISSION_SCOPE (null when unset)… */
  base_submission_service_scope?: string | null;
  /** …the collection's data_access scope… */
  gcs_scope?: string;
  /** …and the first wrapping the second (same as `scope`). */
  full_scope?: string;
}

export type EntityType =
  | 'GCSv5_endpoint'
  | 'GCSv5_mapped_collection'
  | 'GCSv5_guest_collection'
  | 'GCP_mapped_collection'
  | 'GCP_guest_collection'
  | 'GCSv4_host'
  | 'GCSv4_share';

/**
 * A Transfer endpoint/collection document (globus-api.md §2.2), the fields the
 * UI reads. The shim passes the whole Globus document through.
 */
export interface EndpointDocument {
  DATA_TYPE: 'endpoint';
  id: string;
  display_name: string | null;
  canonical_name?: string | null;
  owner_id?: string;
  owner_string: string;
  description?: string | null;
  organization?: string | null;
  department?: string | null;
  keywords?: string | null;
  entity_type: EntityType;
  gcs_version?: string | null;
  is_globus_connect: boolean;
  gcp_connected?: boolean | null;
  gcp_paused?: boolean | null;
  activated: boolean;
  expires_in?: number;
  high_assurance: boolean;
  authentication_assurance_timeout?: number | null;
  force_encryption: boolean;
  non_functional: boolean;
  host_endpoint_id?: string | null;
  host_path?: string | null;
  default_directory?: string | null;
  public?: boolean;
  my_effective_roles?: string[];
  _rank?: number;
}

export type EndpointSearchScope =
  | 'all'
  | 'my-endpoints'
  | 'my-gcp-endpoints'
  | 'recently-used'
  | 'in-use'
  | 'shared-by-me'
  | 'shared-with-me'
  | 'administered-by-me';

/** `GET /endpoint_search` query. */
export interface EndpointSearchQuery {
  filter_fulltext?: string;
  filter_scope?: EndpointSearchScope;
  filter_owner_id?: string;
  filter_host_endpoint?: string;
  /** The original hides non-functional endpoints unless asked (changelog 1.0.0b3). */
  filter_non_functional?: boolean;
  limit?: number;
  offset?: number;
}

/** `GET /endpoint_search` answer: Globus's `endpoint_list` (globus-api.md §2.1). */
export interface EndpointListResponse {
  DATA_TYPE: 'endpoint_list';
  DATA: EndpointDocument[];
  has_next_page: boolean;
  limit: number;
  offset: number;
}

export type FileType = 'dir' | 'file' | 'invalid_symlink' | 'chr' | 'blk' | 'pipe' | 'other';

/** One `operation/ls` entry (globus-api.md §2.4). */
export interface FileDocument {
  DATA_TYPE: 'file';
  name: string;
  type: FileType;
  size: number;
  /** `YYYY-MM-DD HH:MM:SS+00:00` */
  last_modified: string | null;
  permissions: string | null;
  user: string | null;
  group: string | null;
  link_target: string | null;
}

/** `GET /operation_ls` query. */
export interface OperationLsQuery {
  endpoint: string;
  path?: string;
  show_hidden?: boolean;
  limit?: number;
  offset?: number;
}

/** `GET /operation_ls` answer: Globus's `file_list`. */
export interface FileListResponse {
  DATA_TYPE: 'file_list';
  DATA: FileDocument[];
  endpoint: string;
  /** Normalised by Globus with a trailing slash: `/share/`. */
  path: string;
  absolute_path: string | null;
  length: number;
  total: number;
}

/** `POST /endpoint_autoactivate` body. */
export interface AutoactivateRequest {
  endpoint_id: string;
}

/** Globus's `activation_result` (globus-api.md §2.3). */
export interface ActivationResultResponse {
  DATA_TYPE: 'activation_result';
  code: string;
  message: string;
  expires_in?: number;
}

/** Globus's names for the four sync levels; absent means "always copy". */
export type SyncLevel = 'exists' | 'size' | 'mtime' | 'checksum';

export interface TransferItem {
  source_path: string;
  destination_path: string;
  recursive: boolean;
}

/** `POST /submit_transfer` body: the original's keys plus the transfer options. */
export interface TransferRequest {
  source_endpoint: string;
  destination_endpoint: string;
  DATA: TransferItem[];
  label?: string;
  /**
   * Globus's idempotency key (globus-api.md §2.5). Optional: the shim fetches one when
   * absent; a client that sends its own can retry the same submission safely.
   */
  submission_id?: string;
  sync_level?: SyncLevel;
  verify_checksum?: boolean;
  preserve_timestamp?: boolean;
  encrypt_data?: boolean;
  delete_destination_extra?: boolean;
  skip_source_errors?: boolean;
  fail_on_quota_errors?: boolean;
  /** ISO 8601 */
  deadline?: string;
  notify_on_succeeded?: boolean;
  notify_on_failed?: boolean;
  notify_on_inactive?: boolean;
}

/**
 * `GET /submission_id`: a fresh Transfer submission id (globus-api.md §2.5). A transfer
 * document submitted again with the same id is a Duplicate, never a second task.
 */
export interface SubmissionIdResponse {
  DATA_TYPE: 'submission_id';
  value: string;
}

/** `POST /submit_transfer` answer: Globus's `transfer_result` (or a custom service's `{task_id}`). */
export interface TransferSubmitResponse {
  task_id: string;
  submission_id?: string;
  code?: string;
  message?: string;
  request_id?: string;
}

/** The user's Globus bookmark (globus-api.md §7). */
export interface Bookmark {
  DATA_TYPE: 'bookmark';
  id: string;
  name: string;
  endpoint_id: string;
  path: string;
  pinned?: boolean;
}

export interface BookmarkListResponse {
  DATA_TYPE: 'bookmark_list';
  DATA: Bookmark[];
}

/** `POST /bookmarks` body. */
export interface BookmarkCreateRequest {
  name: string;
  endpoint_id: string;
  path: string;
}

export type TaskStatus = 'ACTIVE' | 'INACTIVE' | 'SUCCEEDED' | 'FAILED';

/** A Transfer task document (globus-api.md §2.7), the fields the UI reads. */
export interface TaskDocument {
  DATA_TYPE: 'task';
  task_id: string;
  type: 'TRANSFER' | 'DELETE';
  status: TaskStatus;
  label: string | null;
  nice_status: string | null;
  nice_status_short_description?: string | null;
  is_ok: boolean | null;
  request_time: string;
  completion_time: string | null;
  deadline?: string | null;
  source_endpoint_id: string;
  source_endpoint_display_name: string | null;
  destination_endpoint_id: string;
  destination_endpoint_display_name: string | null;
  files: number;
  directories: number;
  files_transferred: number;
  files_skipped: number;
  bytes_transferred: number;
  bytes_checksummed?: number;
  effective_bytes_per_second: number;
  subtasks_total?: number;
  subtasks_succeeded?: number;
  subtasks_failed?: number;
  faults: number;
  fatal_error: { code: string; description: string } | null;
  sync_level?: number | null;
  verify_checksum?: boolean;
  encrypt_data?: boolean;
}

/** `GET /tasks` query. */
export interface TaskListQuery {
  limit?: number;
  offset?: number;
  /** Comma-joined statuses, e.g. `ACTIVE,INACTIVE`. */
  filter_status?: string;
}

export interface TaskListResponse {
  DATA_TYPE: 'task_list';
  DATA: TaskDocument[];
  length: number;
  limit: number;
  offset: number;
  total: number;
}

export interface TaskEvent {
  DATA_TYPE: 'event';
  code: string;
  description: string;
  details: string;
  is_error: boolean;
  time: string;
}

export interface TaskEventListResponse {
  DATA_TYPE: 'event_list';
  DATA: TaskEvent[];
  length: number;
  limit: number;
  offset: number;
  total: number;
}

/** `POST /task/{id}/cancel` answer: Globus's `result`. */
export interface TaskCancelResponse {
  DATA_TYPE?: 'result';
  code: string;
  message: string;
}

/**
 * A Globus Authorization Requirements Error's parameters (globus-api.md §2.13),
 * passed through so the UI can explain what the new login is for.
 */
export interface AuthorizationParameters {
  session_message?: string;
  session_required_identities?: string[];
  session_required_single_domain?: string[];
  session_required_policies?: string[];
  session_required_mfa?: boolean;
  required_scopes?: string[];
  prompt?: string;
}

/**
 * Why a Globus call failed, as the UI branches on it. `kind` is ours (the
 * original made the UI re-derive it from `error` and the two booleans):
 * - `login_required`: no valid token (Globus answered 401, or never logged in).
 * - `consent_required`: a mapped collection needs its data_access scope.
 * - `session_required`: High Assurance: log in again with an allowed identity.
 * - `activation_required`: a GCSv4 endpoint must be activated in the web app.
 * - `credentials_required`: an S3 (or other) collection needs a user credential.
 * - `user_intervention`: any other GridFTP problem the user must fix in the web app.
 * - `globus_error`: any other Globus error, HTTP status kept.
 */
export type GlobusErrorKind =
  | 'login_required'
  | 'consent_required'
  | 'session_required'
  | 'activation_required'
  | 'credentials_required'
  | 'user_intervention'
  | 'globus_error';

/** The body of every shim answer for a failed Globus call (globus-api.md §2.14). */
export interface GlobusErrorBody {
  kind: GlobusErrorKind;
  /** The Globus error code, e.g. `ConsentRequired`, `ClientError.ActivationRequired`. */
  error: string;
  details: string;
  login_required: boolean;
  requires_user_intervention: boolean;
  /** The shim's /login URL with the extra scopes or session parameters, or the web app link. */
  login_url?: string;
  parsed_gridftp_response?: Record<string, unknown>;
  authorization_parameters?: AuthorizationParameters;
  /** The collection the error concerns, when known. */
  collection_id?: string;
}

/** 400 for bad input: names the field that was wrong. */
export interface InvalidInputBody {
  code: 'InvalidInput';
  message: string;
}

/** 500 (and 503 for a failing custom submission service). */
export interface UnexpectedErrorBody {
  code: 'UnexpectedError' | 'SubmissionServiceError';
  message: string;
}

export type ShimErrorBody = GlobusErrorBody | InvalidInputBody | UnexpectedErrorBody;

/** What /oauth_callback's page posts to its opener (`window.opener.postMessage`). */
export interface LoginCompleteMessage {
  type: 'globus-jupyterlab:login';
  result: 'success' | 'error';
  message?: string;
}
