import type { PartnerScope } from '@edu/contracts';

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

/** The embedded issuer's partner clients (with Auth0 they are Auth0 machine-to-machine applications). */
export interface PartnerClientRegistry {
  /** A new client; its secret is in this answer only. */
  create(input: {
    name: string;
    scopes: PartnerScope[];
    rateLimitPerMinute: number | null;
  }): Promise<PartnerClient & { clientSecret: string }>;
  /** Clients ordered by id, one page at a time (`cursor` is the last id of the previous page). */
  list(page: { limit: number; cursor?: string | undefined }): Promise<{
    items: PartnerClient[];
    nextCursor: string | null;
  }>;
  /** Stops the client from getting tokens; false when there is no such client. Idempotent. */
  revoke(clientId: string): Promise<boolean>;
  /** Creates a client with a fixed id and secret unless it exists (the demo client). */
  seed(input: { clientId: string; name: string; secret: string; scopes: PartnerScope[] }): Promise<void>;
}

/** A client credentials grant request, after the client's credentials were read (RFC 6749 §4.4). */
export interface ClientCredentialsRequest {
  clientId: string;
  clientSecret: string;
  /** The `scope` parameter as sent (space-separated), or undefined for all of the client's scopes. */
  scope: string | undefined;
}

/** The token response of the client credentials grant (RFC 6749 §4.4.3; no refresh token). */
export interface ClientTokenResponse {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  scope: string;
}
