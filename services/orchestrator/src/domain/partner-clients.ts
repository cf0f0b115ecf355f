import { PARTNER_SCOPES, type PartnerScope } from '@edu/contracts';

/**
 * The custom claim carrying a client's own requests-per-minute limit in its access tokens
 * (the embedded issuer sets it; an Auth0 Action may). Namespaced, as custom claims must be.
 */
export const RATE_LIMIT_CLAIM = 'https://edu-platform/rate_limit';

/** The `sub` of a client's tokens, as Auth0 spells it for machine-to-machine applications. */
export const clientSubject = (clientId: string) => `${clientId}@clients`;

const isPartnerScope = (scope: string): scope is PartnerScope =>
  (PARTNER_SCOPES as readonly string[]).includes(scope);

/**
 * The scopes a token request gets (RFC 6749 §3.3): all of the client's when `requested` is
 * absent, else exactly the requested ones, or null when one of them is not the client's.
 */
export function grantedScopes(
  requested: string | undefined,
  allowed: readonly string[],
): PartnerScope[] | null {
  const owned = allowed.filter(isPartnerScope);
  if (requested === undefined) return owned;
  const asked = [...new Set(requested.split(' ').filter(Boolean))];
  if (asked.length === 0) return owned;
  if (!asked.every((scope) => isPartnerScope(scope) && owned.includes(scope))) return null;
  return owned.filter((scope) => asked.includes(scope));
}

/** RFC 6749 §3.3 scope-token: printable ASCII except space, `"` and `\`. */
export const SCOPE_PARAMETER = /^[\x21\x23-\x5B\x5D-\x7E]+( [\x21\x23-\x5B\x5D-\x7E]+)*$/;

/** A partner's API client as the registry keeps it (never its secret). */
export interface PartnerClient {
  clientId: string;
  name: string;
  scopes: PartnerScope[];
  /** Null: the gateway's default (PARTNER_RATE_LIMIT_PER_MINUTE). */
  rateLimitPerMinute: number | null;
  createdAt: Date;
  revokedAt: Date | null;
}
