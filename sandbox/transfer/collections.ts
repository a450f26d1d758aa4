/**
 * Looking up collections and the per-collection rules that make each scenario
 * answer as the real service does (globus-api.md §2.11–2.14).
 */
import type { CollectionSpec } from '../catalogue';
import { HA_ASSURANCE_TIMEOUT_SECONDS, identityDomain } from '../catalogue';
import type { TokenRecord } from '../auth/store';
import type { SandboxContext } from '../context';
import { isUuid } from '../util';
import {
  TransferError,
  activationRequired,
  consentRequired,
  endpointNotFound,
  gcDisconnected,
  invalidS3Credential,
  nonFunctional,
  notFromAllowedDomain
} from './errors';

export function findCollection(ctx: SandboxContext, id: string): CollectionSpec {
  if (!isUuid(id)) {
    throw new TransferError(
      400,
      'ClientError.BadRequest',
      `Invalid endpoint id '${id}': not a UUID`
    );
  }
  const collection = ctx.collections.get(id.toLowerCase());
  if (!collection) throw endpointNotFound(id);
  return collection;
}

export function activationKey(account: string, collectionId: string): string {
  return `${account}:${collectionId}`;
}

export function isActivated(ctx: SandboxContext, account: string, collectionId: string): boolean {
  const expires = ctx.auth.activations.get(activationKey(account, collectionId));
  return expires !== undefined && expires > ctx.clock.nowSeconds();
}

/** Deterministic per user and collection, as GCS's credential ids are stable. */
export function s3CredentialId(account: string, collectionId: string): string {
  const hex = Buffer.from(`${account}:${collectionId}`)
    .toString('hex')
    .padEnd(32, '0')
    .slice(0, 32);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * HA rule: the token's session must hold an identity from an allowed domain
 * that authenticated within `authentication_assurance_timeout` seconds.
 */
export function holdsHighAssuranceSession(
  ctx: SandboxContext,
  token: TokenRecord,
  collection: CollectionSpec
): boolean {
  const allowed = collection.allowedDomains ?? [];
  const oldest = ctx.clock.nowSeconds() - HA_ASSURANCE_TIMEOUT_SECONDS;
  return Object.entries(token.session.authentications).some(([identityId, auth]) => {
    const identity = ctx.auth.identity(identityId);
    return identity && allowed.includes(identityDomain(identity)) && auth.auth_time >= oldest;
  });
}

/** ls needs the GCP agent online; a transfer is accepted and waits for it instead. */
export function checkReachable(ctx: SandboxContext, collection: CollectionSpec): void {
  if (ctx.transfer.disconnectedGcp.has(collection.id)) throw gcDisconnected(collection);
}

/** Throws the error this collection answers for this token, if any. */
export function checkCollectionAccess(
  ctx: SandboxContext,
  token: TokenRecord,
  collection: CollectionSpec
): void {
  switch (collection.behaviour) {
    case 'nonFunctional':
      throw nonFunctional(collection);
    case 'activation':
      if (!isActivated(ctx, token.account, collection.id)) throw activationRequired(collection);
      return;
    case 'highAssurance':
      // An expired HA login gets the same answer upstream asks re-login for (modelled).
      if (!holdsHighAssuranceSession(ctx, token, collection))
        throw notFromAllowedDomain(collection);
      return;
    case 's3Credential':
      if (!ctx.auth.s3Credentials.has(token.account)) {
        throw invalidS3Credential(collection, s3CredentialId(token.account, collection.id));
      }
      return;
    case 'consent':
      if (!token.data_access.includes(collection.id)) throw consentRequired(collection);
      return;
    case 'plain':
      return;
  }
}
