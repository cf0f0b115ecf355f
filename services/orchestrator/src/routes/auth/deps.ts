import type { PartnerRevocations } from '../../identity/partner-revocations.ts';
import type { IdentityProvider } from '../../identity/provider.ts';
import type { Throttle } from '../../identity/throttle.ts';
import type { UsersDirectory } from '../../identity/users-directory.ts';

/** What the auth routes need: the identity provider, the users service, and the rate limits. */
export interface AuthRouteDeps {
  identity: IdentityProvider;
  users: UsersDirectory;
  throttle: Throttle;
  /** Revoked partner clients, whose issued tokens the gateway then refuses. */
  partnerRevocations: PartnerRevocations;
}
