import type { PartnerScope } from '@edu/contracts';
import { AppError } from '@edu/platform/http';
import type { PartnerClientRegistry } from '../adapters/identity/provider.ts';
import { authenticate, invalidToken } from '../adapters/identity/verify.ts';
import { clientSubject } from '../domain/partner-clients.ts';
import type { GatewayOperationsDeps } from './deps.ts';

function registryOf(deps: GatewayOperationsDeps): PartnerClientRegistry {
  if (!deps.identity.clients) {
    throw new AppError(
      'conflict',
      'Partner clients are Auth0 machine-to-machine applications in this deployment: create, list and ' +
        'revoke them in Auth0 (authorized for this API with the partner scopes)',
    );
  }
  return deps.identity.clients;
}

/**
 * Who may manage partner clients: the gateway checks the bearer itself (these routes are its
 * own). 401 without a valid token, 403 unless an admin user, 409 where Auth0 keeps the clients.
 */
export async function authorizeClientAdmin(deps: GatewayOperationsDeps, headers: Headers): Promise<void> {
  const caller = await authenticate(headers, deps.identity.verifier);
  if (!caller) throw invalidToken();
  if (caller.kind !== 'user' || !caller.roles.includes('admin')) {
    throw new AppError('forbidden', 'Managing partner clients needs the admin role');
  }
  registryOf(deps);
}

/** A new partner client; its secret is in this answer only. */
export function createPartnerClient(
  deps: GatewayOperationsDeps,
  input: { name: string; scopes: PartnerScope[]; rateLimitPerMinute: number | null },
) {
  return registryOf(deps).create(input);
}

/** Every client, revoked ones included, ordered by id, a page at a time. */
export function listPartnerClients(
  deps: GatewayOperationsDeps,
  page: { limit: number; cursor?: string | undefined },
) {
  return registryOf(deps).list(page);
}

/** Revokes the client and, at once, the tokens it already holds; 404 for an unknown one. */
export async function revokePartnerClient(deps: GatewayOperationsDeps, clientId: string): Promise<void> {
  if (!(await registryOf(deps).revoke(clientId)))
    throw new AppError('not_found', `No partner client ${clientId}`);
  await deps.partnerRevocations.revoke(clientSubject(clientId));
}
