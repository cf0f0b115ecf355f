import type { Logger } from '@edu/platform';
import type { IdentityProvider } from '../adapters/identity/provider.ts';
import type { PartnerRevocations } from '../adapters/partner-revocations.ts';
import type { Throttle } from '../adapters/throttle.ts';
import type { TurnstileVerifier } from '../adapters/turnstile.ts';
import type { ProgressClient } from '../clients/progress.ts';
import type { ServicesClient } from '../clients/services.ts';
import type { UsersClient } from '../clients/users.ts';
import type { RateLimitPolicy } from '../domain/rate-limits.ts';

/** What the gateway's own operations need: the identity provider, the services, and the rate limits. */
export interface GatewayOperationsDeps {
  identity: IdentityProvider;
  users: UsersClient;
  progress: ProgressClient;
  /** Every service, for the platform's health and the merged OpenAPI document. */
  services: ServicesClient;
  throttle: Throttle;
  /** Revoked partner clients, whose issued tokens the gateway then refuses. */
  partnerRevocations: PartnerRevocations;
  /** Per-address limits of registrations and failed logins (REGISTER_/LOGIN_LIMIT_PER_ADDRESS). */
  addressLimits: { registrations: RateLimitPolicy; loginFailures: RateLimitPolicy };
  /** The human check registration requires when TURNSTILE_SECRET_KEY is set; else null. */
  turnstile: TurnstileVerifier | null;
}

/** Who asks, as a route knows it: the request's id, the caller's address, and its log. */
export interface RequestContext {
  requestId: string;
  clientIp: string | null;
  log: Logger;
}
