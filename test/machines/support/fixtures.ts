/**
 * Error bodies as the shim answers them (src/api/types.ts `GlobusErrorBody`),
 * modelled on the Globus documents in globus-api.md §2.11–2.14.
 */
import type {
  ActivationResultResponse,
  EndpointDocument,
  GlobusErrorBody,
  GlobusErrorKind
} from '../../../src/api/types';

export const LOGIN_URL = 'http://127.0.0.1:8888/globus-jupyterlab/login';
export const MAPPED_ID = '5f0d7a3e-2c1b-4c8e-9a51-0b8c6a1f2d11';
export const GCSV4_ID = 'aa752cea-8222-5bc8-acd9-555b090c0ccb';
export const LOCAL_ID = '3ac2b4c4-7f43-11ee-b962-0242ac120002';

const base = { login_required: false, requires_user_intervention: false };

/** §2.11 ConsentRequired on ls of a mapped collection; the shim adds the login URL with the data_access scope. */
export const consentRequired: GlobusErrorBody = {
  ...base,
  kind: 'consent_required',
  error: 'ConsentRequired',
  details: 'Missing required data_access consent',
  login_required: true,
  login_url: `${LOGIN_URL}?requested_scopes=urn%3Aglobus%3Aauth%3Ascope%3Atransfer.api.globus.org%3Aall%5B%2Ahttps%3A%2F%2Fauth.globus.org%2Fscopes%2F${MAPPED_ID}%2Fdata_access%5D&prompt=login`,
  authorization_parameters: {
    session_message: 'Missing required data_access consent',
    required_scopes: [
      `urn:globus:auth:scope:transfer.api.globus.org:all[*https://auth.globus.org/scopes/${MAPPED_ID}/data_access]`
    ]
  },
  collection_id: MAPPED_ID
};

/** §2.12 High Assurance: LoginFailed with not_from_allowed_domain. */
export const sessionRequired: GlobusErrorBody = {
  ...base,
  kind: 'session_required',
  error: 'ExternalError.DirListingFailed.LoginFailed',
  details: 'None of your identities are from domains allowed by resource policies',
  login_required: true,
  login_url: `${LOGIN_URL}?session_required_single_domain=globus.org&prompt=login`,
  authorization_parameters: {
    session_message: 'Session reauthentication required (Globus Transfer)',
    session_required_single_domain: ['globus.org']
  },
  collection_id: MAPPED_ID
};

/** §2.14: not logged in, or Globus answered 401 AuthenticationFailed. */
export const loginRequired: GlobusErrorBody = {
  ...base,
  kind: 'login_required',
  error: 'AuthenticationFailed',
  details: 'Token is not active',
  login_required: true
};

/** §2.11 ClientError.ActivationRequired (GCSv4, legacy). */
export const activationRequired: GlobusErrorBody = {
  ...base,
  kind: 'activation_required',
  error: 'ClientError.ActivationRequired',
  details: 'The endpoint must be activated',
  requires_user_intervention: true,
  login_url: `https://app.globus.org/file-manager?origin_id=${GCSV4_ID}`,
  collection_id: GCSV4_ID
};

/** §2.12 S3 credential: invalid_credential#1.0.0. */
export const credentialsRequired: GlobusErrorBody = {
  ...base,
  kind: 'credentials_required',
  error: 'ExternalError.DirListingFailed.LoginFailed',
  details: 'Your credential requires some initial setup.',
  requires_user_intervention: true,
  login_url: `https://app.globus.org/file-manager?origin_id=${MAPPED_ID}`,
  collection_id: MAPPED_ID
};

/** §2.14 GCSUnexpectedGridFTPError: any other 502 with a parsable GridFTP result. */
export const userIntervention: GlobusErrorBody = {
  ...base,
  kind: 'user_intervention',
  error: 'ExternalError.DirListingFailed.LoginFailed',
  details: 'Login Failed',
  requires_user_intervention: true,
  collection_id: MAPPED_ID
};

/** §2.11 404 ClientError.NotFound: nothing to recover. */
export const notFound: GlobusErrorBody = {
  ...base,
  kind: 'globus_error',
  error: 'ClientError.NotFound',
  details: "Path not found: '/~/missing/'"
};

export const errorsByKind: Record<GlobusErrorKind, GlobusErrorBody> = {
  consent_required: consentRequired,
  session_required: sessionRequired,
  login_required: loginRequired,
  activation_required: activationRequired,
  credentials_required: credentialsRequired,
  user_intervention: userIntervention,
  globus_error: notFound
};

export const RECOVERABLE_KINDS: GlobusErrorKind[] = [
  'consent_required',
  'session_required',
  'login_required',
  'activation_required',
  'credentials_required',
  'user_intervention'
];

/** §2.3 */
export const autoActivated: ActivationResultResponse = {
  DATA_TYPE: 'activation_result',
  code: 'AutoActivated.CachedCredential',
  message: 'Endpoint activated successfully using cached credential',
  expires_in: 788825
};
export const autoActivationFailed: ActivationResultResponse = {
  DATA_TYPE: 'activation_result',
  code: 'AutoActivationFailed',
  message: 'The endpoint could not be auto activated'
};

/** §2.2, the fields the wizard reads. */
export function collection(overrides: Partial<EndpointDocument> = {}): EndpointDocument {
  return {
    DATA_TYPE: 'endpoint',
    id: MAPPED_ID,
    display_name: 'Tutorial Collection 1',
    owner_string: 'tutorial@globusid.org',
    entity_type: 'GCSv5_mapped_collection',
    is_globus_connect: false,
    activated: true,
    high_assurance: false,
    force_encryption: false,
    non_functional: false,
    default_directory: '/~/',
    ...overrides
  };
}
