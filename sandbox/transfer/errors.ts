/**
 * Transfer's error documents: `{code, message, request_id, resource}` plus, for
 * some, `required_scopes` / `authorization_parameters` (globus-api.md §2.11–2.12).
 */
import type { FastifyReply } from 'fastify';
import type { CollectionSpec } from '../catalogue';
import { transferWithDataAccess } from '../auth/scopes';
import { requestId } from '../util';

export interface TransferErrorBody {
  code: string;
  message: string;
  request_id: string;
  resource: string;
  [extra: string]: unknown;
}

export class TransferError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: Record<string, unknown> = {}
  ) {
    super(message);
  }
}

/** Transfer's `resource` is the path without the `/v0.10` prefix (real submit log, §2.6). */
export function resourceOf(url: string): string {
  const pathOnly = url.split('?')[0];
  return pathOnly.replace(/^\/v0\.10/, '');
}

export function sendTransferError(reply: FastifyReply, url: string, err: TransferError) {
  const body: TransferErrorBody = {
    ...err.extra,
    code: err.code,
    message: err.message,
    request_id: requestId(),
    resource: resourceOf(url)
  };
  return reply.code(err.status).send(body);
}

/** Placeholder host in GridFTP "Server:" lines: the sandbox has no real data servers. */
const SERVER = 'sandbox-gcs.example.org:443';

function endpointLine(c: CollectionSpec): string {
  return `Endpoint: ${c.display_name} (${c.id})\nServer: ${SERVER}`;
}

/**
 * 401 for a missing, expired, revoked or foreign token. `AuthenticationFailed`
 * and "Token is not active" follow the JS SDK (globus-api.md §6: unverified
 * against live Transfer, which may say `ClientError.AuthenticationFailed`).
 */
export function authenticationFailed(message = 'Token is not active'): TransferError {
  return new TransferError(401, 'AuthenticationFailed', message);
}

export function badRequest(message: string, code = 'ClientError.BadRequest'): TransferError {
  return new TransferError(400, code, message);
}

export function notFound(message: string, code = 'ClientError.NotFound'): TransferError {
  return new TransferError(404, code, message);
}

export function endpointNotFound(id: string): TransferError {
  // Exact upstream text unverified (globus-api.md §2.2 "(mem)").
  return new TransferError(404, 'EndpointNotFound', `No such endpoint with id '${id}'`);
}

/** 403 ConsentRequired with both the legacy `required_scopes` and GARE parameters (§2.11). */
export function consentRequired(collection: CollectionSpec): TransferError {
  const scopes = [transferWithDataAccess(collection.id)];
  return new TransferError(403, 'ConsentRequired', 'Missing required data_access consent', {
    required_scopes: scopes,
    authorization_parameters: {
      required_scopes: scopes,
      session_message: 'Missing required data_access consent'
    }
  });
}

/**
 * GCS 5.4 login failures come back as 502 with GCS's JSON result embedded in
 * the GridFTP reply, lines separated by a LITERAL `\r\n` (four characters), and
 * ended by `\r\n530 End.\r\n` (globus-api.md §2.12).
 */
function gridftpLoginFailed(
  collection: CollectionSpec,
  gridftpMessage: string,
  result: Record<string, unknown>,
  extra: Record<string, unknown> = {}
): TransferError {
  const literalCrlf = '\\r\\n';
  const details =
    `530-Login incorrect. : GlobusError: v=1 c=LOGIN_DENIED${literalCrlf}` +
    `530-GridFTP-Message: ${gridftpMessage}${literalCrlf}` +
    `530-GridFTP-JSON-Result: ${pythonJson(result)}${literalCrlf}` +
    `530 End.${literalCrlf}\n`;
  const message = `Command Failed: Error (login)\n${endpointLine(collection)}\nMessage: Login Failed\n---\nDetails: ${details}`;
  return new TransferError(502, 'ExternalError.DirListingFailed.LoginFailed', message, extra);
}

/** GCS prints its JSON Python-style (`", "` and `": "` separators), as in the fixtures. */
function pythonJson(value: unknown): string {
  return JSON.stringify(value, null, 1)
    .replace(/\n\s*/g, ' ')
    .replace(/\[ /g, '[')
    .replace(/ \]/g, ']')
    .replace(/\{ /g, '{')
    .replace(/ \}/g, '}');
}

export function notFromAllowedDomain(collection: CollectionSpec): TransferError {
  const domains = collection.allowedDomains ?? [];
  const text = 'None of your identities are from domains allowed by resource policies';
  return gridftpLoginFailed(
    collection,
    text,
    {
      DATA_TYPE: 'result#1.0.0',
      code: 'permission_denied',
      detail: { DATA_TYPE: 'not_from_allowed_domain#1.0.0', allowed_domains: domains },
      has_next_page: false,
      http_response_code: 403,
      message: text
    },
    {
      // Modern Transfer adds a GARE block (JSR authorization_parameters.ts mock).
      authorization_parameters: {
        session_message: 'Session reauthentication required (Globus Transfer)',
        session_required_identities: [],
        session_required_mfa: false,
        session_required_single_domain: domains
      }
    }
  );
}

export function invalidS3Credential(
  collection: CollectionSpec,
  credentialId: string
): TransferError {
  const text = 'Your credential requires some initial setup.';
  return gridftpLoginFailed(collection, text, {
    DATA_TYPE: 'result#1.0.0',
    code: 'invalid_credential',
    detail: { DATA_TYPE: 'invalid_credential#1.0.0', user_credential_id: credentialId },
    has_next_page: false,
    http_response_code: 403,
    message: text
  });
}

/** Legacy GCSv4 (GJL exception_handlers.py `GCSv4Endpoint`, globus-api.md §2.3). */
export function activationRequired(collection: CollectionSpec): TransferError {
  return new TransferError(
    400,
    'ClientError.ActivationRequired',
    `The endpoint '${collection.display_name} (${collection.id})' is not activated`
  );
}

/** GCP agent offline (message from public clients, globus-api.md §2.11). */
export function gcDisconnected(collection: CollectionSpec): TransferError {
  return new TransferError(
    502,
    'ExternalError.DirListingFailed.GCDisconnected',
    `The GCP endpoint is not currently connected to Globus: ${collection.display_name} (${collection.id})`
  );
}

/** Unverified upstream wording: a GCSv5 endpoint (server) is not a collection. */
export function nonFunctional(collection: CollectionSpec): TransferError {
  return badRequest(
    `The endpoint '${collection.display_name} (${collection.id})' is non-functional: it is a Globus Connect Server endpoint, not a collection`
  );
}

/** PYFX operation_stat `not_found`, reused for ls (code per §2.11 table). */
export function pathNotFound(collection: CollectionSpec, globusPath: string): TransferError {
  const crlf = '\\r\\n';
  return notFound(
    `Directory '${globusPath}' not found, Error (list)\n${endpointLine(collection)}\nMessage: No such file or directory\n---\n` +
      `Details: Error: '${globusPath}' not found${crlf}550-GlobusError: v=1 c=PATH_NOT_FOUND${crlf}550-GridFTP-Errno: 2${crlf}` +
      `550-GridFTP-Reason: System error in stat${crlf}550-GridFTP-Error-String: No such file or directory${crlf}550 End.${crlf}\n`
  );
}

/** Listing a file (globus-api.md §2.4; the GridFTP detail text is modelled, unverified). */
export function notDirectory(collection: CollectionSpec, globusPath: string): TransferError {
  const crlf = '\\r\\n';
  return new TransferError(
    502,
    'ExternalError.DirListingFailed.NotDirectory',
    `Directory Listing Failed: Error (list)\n${endpointLine(collection)}\nMessage: Fatal FTP Response\n---\n` +
      `Details: 500-Command failed. : Path is not a directory: ${globusPath}${crlf}500-GlobusError: v=1 c=NOT_A_DIRECTORY${crlf}500 End.${crlf}\n`
  );
}

/** PYFX operation_stat `permission_denied`: paths outside the collection's root. */
export function permissionDenied(collection: CollectionSpec, globusPath: string): TransferError {
  const crlf = '\\r\\n';
  return new TransferError(
    403,
    'EndpointPermissionDenied',
    `Denied by endpoint, Error (list)\n${endpointLine(collection)}\nMessage: Path not allowed\n---\n` +
      `Details: 550-GlobusError: v=1 c=PERMISSION_DENIED${crlf}550-GridFTP-Error: Path not allowed: ${globusPath}${crlf}550 End.${crlf}\n`
  );
}
