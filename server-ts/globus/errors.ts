/**
 * The one place that turns a Globus error into the shim's answer (GlobusErrorBody).
 *
 * The rows and their order are the original's (globus-api.md §2.14; GJL
 * handlers/auth.py `GCSAuthMixin.login_checks`, exception_handlers.py):
 * 401 → login; ClientError.ActivationRequired → web app; HA not_from_allowed_domain →
 * login with session identities; S3 invalid_credential → web app; ConsentRequired → login
 * with the collection's data_access scope; any other GridFTP error → web app. A GARE
 * `authorization_parameters` block (§2.13) is passed through, and turned into a login URL
 * when no row matched. Status rule: 401 when a login or user intervention is needed,
 * otherwise Globus's own status.
 */
import type { AuthorizationParameters, GlobusErrorBody } from '../../src/api/types';
import { WEB_APP_URL } from '../config';
import { routeUrl, type PublicBase } from '../public-url';
import {
  collectionsInDataAccessScopes,
  dataAccessScope,
  OPENID_SCOPE,
  PROFILE_SCOPE,
  TRANSFER_ALL_SCOPE,
  withDependencies
} from '../scopes';
import type { GlobusApiError } from './http';

/** GJL's text for the HA re-login (globus-api.md §1.2 example). */
export const HA_SESSION_MESSAGE = 'The collection you selected requires a fresh login';

export interface ErrorContext {
  /** The collection the failed call concerned, when there is one. */
  collectionId?: string;
  base: PublicBase;
  baseScopes: string[];
  submissionScope: string | null;
  /** The user's identity ids in these domains, from userinfo (HA row). */
  identitiesInDomains: (domains: string[]) => Promise<string[]>;
}

export interface MappedError {
  status: number;
  body: GlobusErrorBody;
}

export function notLoggedIn(base: PublicBase): MappedError {
  return {
    status: 401,
    body: {
      kind: 'login_required',
      error: 'LoginRequired',
      details: 'The user is not logged in',
      login_required: true,
      requires_user_intervention: false,
      login_url: routeUrl(base, 'login')
    }
  };
}

export async function mapGlobusError(
  error: GlobusApiError,
  context: ErrorContext
): Promise<MappedError> {
  const gridftp = parseGridftpJsonResult(error.message);
  const gare = authorizationParameters(error.body);
  const detailType = gridftpDetailType(gridftp);
  const collectionId = context.collectionId;
  const common = {
    error: error.code,
    details: error.message,
    ...(gridftp ? { parsed_gridftp_response: gridftp } : {}),
    ...(gare ? { authorization_parameters: gare } : {}),
    ...(collectionId ? { collection_id: collectionId } : {})
  };
  const login = (kind: GlobusErrorBody['kind'], loginUrl: string): MappedError => ({
    status: 401,
    body: {
      kind,
      ...common,
      login_required: true,
      requires_user_intervention: false,
      login_url: loginUrl
    }
  });
  const intervention = (kind: GlobusErrorBody['kind']): MappedError => ({
    status: 401,
    body: {
      kind,
      ...common,
      login_required: false,
      requires_user_intervention: true,
      login_url: webAppLink(collectionId)
    }
  });

  if (error.status === 401) {
    return login('login_required', routeUrl(context.base, 'login'));
  }
  if (error.status === 400 && error.code === 'ClientError.ActivationRequired') {
    return intervention('activation_required');
  }
  if (error.status === 502 && detailType === 'not_from_allowed_domain#1.0.0') {
    return login('session_required', await highAssuranceLoginUrl(gridftp, gare, context));
  }
  if (error.status === 502 && detailType === 'invalid_credential#1.0.0') {
    return intervention('credentials_required');
  }
  if (error.status === 403 && error.code === 'ConsentRequired') {
    return login('consent_required', consentLoginUrl(error.body, gare, context));
  }
  if (error.status === 502 && gridftp) {
    return intervention('user_intervention');
  }
  if (gare) {
    const onlyScopes =
      !!gare.required_scopes?.length &&
      !gare.session_required_identities?.length &&
      !gare.session_required_single_domain?.length &&
      !gare.session_required_policies?.length &&
      !gare.session_required_mfa;
    return login(onlyScopes ? 'consent_required' : 'session_required', gareLoginUrl(gare, context));
  }
  return {
    status: error.status,
    body: {
      kind: 'globus_error',
      ...common,
      login_required: false,
      requires_user_intervention: false
    }
  };
}

/** The collection in the Globus web app, where the user fixes what we cannot (GJL). */
export function webAppLink(collectionId: string | undefined): string {
  return collectionId
    ? `${WEB_APP_URL}/file-manager?origin_id=${encodeURIComponent(collectionId)}`
    : `${WEB_APP_URL}/file-manager`;
}

async function highAssuranceLoginUrl(
  gridftp: Record<string, unknown> | null,
  gare: AuthorizationParameters | null,
  context: ErrorContext
): Promise<string> {
  const detail = (gridftp?.detail ?? {}) as { allowed_domains?: unknown };
  const domains = Array.isArray(detail.allowed_domains)
    ? detail.allowed_domains.filter((d): d is string => typeof d === 'string')
    : (gare?.session_required_single_domain ?? []);
  const identities = domains.length ? await context.identitiesInDomains(domains) : [];
  return routeUrl(context.base, 'login', {
    requested_scopes: context.baseScopes.join(' '),
    prompt: 'login',
    // GJL: the user's identities from an allowed domain; with none linked yet, ask Auth
    // for any identity from those domains instead.
    session_required_identities: identities.length ? identities.join(',') : undefined,
    session_required_single_domain:
      !identities.length && domains.length ? domains.join(',') : undefined,
    session_message: gare?.session_message ?? HA_SESSION_MESSAGE
  });
}

function consentLoginUrl(
  body: Record<string, unknown>,
  gare: AuthorizationParameters | null,
  context: ErrorContext
): string {
  const required = [
    ...(Array.isArray(body.required_scopes) ? body.required_scopes : []),
    ...(gare?.required_scopes ?? [])
  ].filter((s): s is string => typeof s === 'string');
  let collections = collectionsInDataAccessScopes(required);
  if (!collections.length && context.collectionId) collections = [context.collectionId];
  const transfer = withDependencies(TRANSFER_ALL_SCOPE, collections.map(dataAccessScope));
  const scopes = [OPENID_SCOPE, PROFILE_SCOPE, transfer];
  // A custom submission service calls Transfer with a dependent token: its scope must
  // wrap the transfer scope with the data_access dependency (GJL PR #117).
  if (context.submissionScope) scopes.push(withDependencies(context.submissionScope, [transfer]));
  return routeUrl(context.base, 'login', {
    requested_scopes: scopes.join(' '),
    session_message: gare?.session_message
  });
}

function gareLoginUrl(gare: AuthorizationParameters, context: ErrorContext): string {
  const list = (values: string[] | undefined): string | undefined =>
    values?.length ? values.join(',') : undefined;
  return routeUrl(context.base, 'login', {
    requested_scopes: gare.required_scopes?.length
      ? [OPENID_SCOPE, PROFILE_SCOPE, ...gare.required_scopes].join(' ')
      : context.baseScopes.join(' '),
    prompt: gare.prompt ?? 'login',
    session_required_identities: list(gare.session_required_identities),
    session_required_single_domain: list(gare.session_required_single_domain),
    session_required_policies: list(gare.session_required_policies),
    session_required_mfa: gare.session_required_mfa ? 'true' : undefined,
    session_message: gare.session_message
  });
}

/**
 * The GCS result embedded in a GridFTP reply (§2.12): between `530-GridFTP-JSON-Result: `
 * and a literal backslash-r-backslash-n `530 End` (GJL's regex); real CRLF tolerated.
 */
export function parseGridftpJsonResult(message: string): Record<string, unknown> | null {
  const patterns = [
    /530-GridFTP-JSON-Result: (.+?)(?:\\r\\n|\r\n)530 End/s,
    /530-GridFTP-JSON-Result: (.+)(?:\\r\\n|\r\n)530 End/s
  ];
  for (const pattern of patterns) {
    const match = pattern.exec(message);
    if (!match) continue;
    try {
      const parsed: unknown = JSON.parse(match[1]);
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
        return parsed as Record<string, unknown>;
      }
    } catch {
      // Try the next (greedy) reading; an unparsable block counts as no block.
    }
  }
  return null;
}

function gridftpDetailType(gridftp: Record<string, unknown> | null): string | null {
  const detail = gridftp?.detail;
  if (typeof detail !== 'object' || detail === null) return null;
  const type = (detail as { DATA_TYPE?: unknown }).DATA_TYPE;
  return typeof type === 'string' ? type : null;
}

/**
 * A GARE's parameters, normalised like PY's LegacyAuthorizationParametersError (§2.13):
 * comma-separated strings become lists; unknown keys are dropped.
 */
export function authorizationParameters(
  body: Record<string, unknown>
): AuthorizationParameters | null {
  const raw = body.authorization_parameters;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return null;
  const source = raw as Record<string, unknown>;
  const list = (value: unknown): string[] | undefined => {
    if (typeof value === 'string')
      return value
        .split(',')
        .map(s => s.trim())
        .filter(Boolean);
    if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
    return undefined;
  };
  const result: AuthorizationParameters = {};
  if (typeof source.session_message === 'string') result.session_message = source.session_message;
  const identities = list(source.session_required_identities);
  if (identities) result.session_required_identities = identities;
  const domains = list(source.session_required_single_domain);
  if (domains) result.session_required_single_domain = domains;
  const policies = list(source.session_required_policies);
  if (policies) result.session_required_policies = policies;
  if (typeof source.session_required_mfa === 'boolean') {
    result.session_required_mfa = source.session_required_mfa;
  }
  const scopes = list(source.required_scopes);
  if (scopes) result.required_scopes = scopes;
  if (typeof source.prompt === 'string') result.prompt = source.prompt;
  return result;
}
