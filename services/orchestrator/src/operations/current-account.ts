import { AppError } from '@edu/platform/http';
import { authenticate, invalidToken } from '../adapters/identity/verify.ts';
import type { GatewayOperationsDeps } from './deps.ts';

/**
 * The signed-in account behind the request's bearer token: 401 without a valid one, 403 for a
 * partner client (only user accounts have a profile), 404 when the account has no profile yet.
 */
export async function currentAccount(deps: GatewayOperationsDeps, headers: Headers, requestId: string) {
  const caller = await authenticate(headers, deps.identity.verifier);
  if (!caller) throw invalidToken();
  if (caller.kind !== 'user') throw new AppError('forbidden', 'Only user accounts have a profile');
  // The fast path: the token already says who this is (the embedded issuer always puts it there).
  if (caller.email !== undefined && caller.name !== undefined) {
    return { id: caller.sub, email: caller.email, name: caller.name, roles: caller.roles };
  }
  // Auth0 access tokens carry email and name only when an Action adds them; ask the profile.
  const profile = await deps.users.find(caller.sub, requestId);
  if (!profile) throw new AppError('not_found', 'This account has no profile yet');
  return { id: profile.id, email: profile.email, name: profile.name, roles: caller.roles };
}
