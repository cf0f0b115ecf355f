import type { RateLimitPolicy } from '../../domain/rate-limits.ts';
import type { PartnerRevocations } from '../../identity/partner-revocations.ts';
import type { IdentityProvider } from '../../identity/provider.ts';
import type { Throttle } from '../../identity/throttle.ts';
import type { TurnstileVerifier } from '../../identity/turnstile.ts';
import type { UsersDirectory } from '../../identity/users-directory.ts';

/** What the auth routes need: the identity provider, the users service, and the rate limits. */
export interface AuthRouteDeps {
  identity: IdentityProvider;
  users: UsersDirectory;
  throttle: Throttle;
  /** Revoked partner clients, whose issued tokens the gateway then refuses. */
  partnerRevocations: PartnerRevocations;
  /** Per-address limits of registrations and failed logins (REGISTER_/LOGIN_LIMIT_PER_ADDRESS). */
  addressLimits: { registrations: RateLimitPolicy; loginFailures: RateLimitPolicy };
  /** The human check registration requires when TURNSTILE_SECRET_KEY is set; else null. */
  turnstile: TurnstileVerifier | null;
}
