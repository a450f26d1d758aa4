/** Every Transfer call checks its bearer token as Globus does (globus-api.md §2.11). */
import type { FastifyRequest } from 'fastify';
import type { TokenRecord } from '../auth/store';
import { TRANSFER_RS } from '../auth/scopes';
import type { SandboxContext } from '../context';
import { bearer } from '../http';
import { authenticationFailed } from './errors';

export function requireTransferToken(request: FastifyRequest, ctx: SandboxContext): TokenRecord {
  const token = bearer(request);
  if (!token) throw authenticationFailed('No Authorization header with a Bearer token');
  const { record, problem } = ctx.auth.lookup(token);
  if (!record || problem) throw authenticationFailed();
  if (record.kind !== 'access') throw authenticationFailed();
  // A token for another resource server (e.g. Auth's) is not a Transfer token.
  if (record.resource_server !== TRANSFER_RS) {
    throw authenticationFailed(`Token is not valid for ${TRANSFER_RS}`);
  }
  return record;
}
