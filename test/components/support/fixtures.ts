/**
 * Globus documents shaped like globus-api.md §2 (endpoint §2.2, ls §2.4,
 * task §2.7, errors §2.14), trimmed to the fields the UI reads.
 */
import { ShimError } from '../../../src/api/errors';
import type {
  EndpointDocument,
  FileDocument,
  FileListResponse,
  GlobusConfigResponse,
  GlobusErrorBody,
  TaskDocument
} from '../../../src/api/types';

export const LOCAL_ID = 'aaaaaaaa-0000-4000-8000-000000000001';
export const REMOTE_ID = 'bbbbbbbb-0000-4000-8000-000000000002';

export function config(patch: Partial<GlobusConfigResponse> = {}): GlobusConfigResponse {
  return {
    collection_id: LOCAL_ID,
    collection_base_path: '/',
    host_posix_basepath: null,
    host_collection_basepath: null,
    is_gcp: false,
    is_hub: false,
    is_manual_copy_code_required: false,
    is_logged_in: true,
    transfer_submission_url: null,
    transfer_submission_scope: null,
    transfer_submission_is_hub_service: false,
    last_login: '2026-12-04T10:00:00Z',
    collection_id_owner: null,
    ...patch
  };
}

export function endpoint(patch: Partial<EndpointDocument> = {}): EndpointDocument {
  return {
    DATA_TYPE: 'endpoint',
    id: REMOTE_ID,
    display_name: 'Tutorial Collection 1',
    owner_string: 'tutorial@globusid.org',
    entity_type: 'GCSv5_mapped_collection',
    is_globus_connect: false,
    activated: false,
    high_assurance: false,
    force_encryption: false,
    non_functional: false,
    default_directory: '/~/',
    ...patch
  };
}

export function file(name: string, patch: Partial<FileDocument> = {}): FileDocument {
  return {
    DATA_TYPE: 'file',
    name,
    type: 'file',
    size: 1024,
    last_modified: '2026-01-02 03:04:05+00:00',
    permissions: '0644',
    user: 'u',
    group: 'g',
    link_target: null,
    ...patch
  };
}

export function listing(path: string, entries: FileDocument[]): FileListResponse {
  return {
    DATA_TYPE: 'file_list',
    DATA: entries,
    endpoint: REMOTE_ID,
    path,
    absolute_path: null,
    length: entries.length,
    total: entries.length
  };
}

export function task(patch: Partial<TaskDocument> = {}): TaskDocument {
  return {
    DATA_TYPE: 'task',
    task_id: 'cccccccc-0000-4000-8000-000000000003',
    type: 'TRANSFER',
    status: 'ACTIVE',
    label: 'my transfer',
    nice_status: 'Queued',
    is_ok: true,
    request_time: '2026-12-04 10:00:00+00:00',
    completion_time: null,
    source_endpoint_id: LOCAL_ID,
    source_endpoint_display_name: 'Jupyter',
    destination_endpoint_id: REMOTE_ID,
    destination_endpoint_display_name: 'Tutorial Collection 1',
    files: 4,
    directories: 1,
    files_transferred: 1,
    files_skipped: 0,
    bytes_transferred: 2048,
    effective_bytes_per_second: 1024,
    faults: 0,
    fatal_error: null,
    ...patch
  };
}

export function globusError(
  kind: GlobusErrorBody['kind'],
  patch: Partial<GlobusErrorBody> = {}
): GlobusErrorBody {
  const codes: Record<GlobusErrorBody['kind'], string> = {
    login_required: 'AuthenticationFailed',
    consent_required: 'ConsentRequired',
    session_required: 'ExternalError.DirListingFailed.LoginFailed',
    activation_required: 'ClientError.ActivationRequired',
    credentials_required: 'ExternalError.DirListingFailed.LoginFailed',
    user_intervention: 'ExternalError.DirListingFailed',
    globus_error: 'ClientError.NotFound'
  };
  return {
    kind,
    error: codes[kind],
    details: `details of ${kind}`,
    login_required: ['login_required', 'consent_required', 'session_required'].includes(kind),
    requires_user_intervention: [
      'activation_required',
      'credentials_required',
      'user_intervention'
    ].includes(kind),
    login_url: 'http://jupyter.test/base/globus-jupyterlab/login?prompt=login',
    ...patch
  };
}

/** What the client throws for a Globus error answer (src/api/errors.ts). */
export function globusShimError(
  kind: GlobusErrorBody['kind'],
  status: number,
  patch: Partial<GlobusErrorBody> = {}
): ShimError {
  return new ShimError({ type: 'globus', status, body: globusError(kind, patch) });
}
