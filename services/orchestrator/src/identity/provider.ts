import type { JSONWebKeySet } from 'jose';
import type {
  ClientCredentialsRequest,
  ClientTokenResponse,
  PartnerClientRegistry,
} from './partner-clients.ts';
import type { AccessTokenVerifier } from './verify.ts';

/** What a successful login or refresh returns to the client (OAuth 2.0 token response). */
export interface TokenSet {
  access_token: string;
  refresh_token?: string;
  id_token?: string;
  expires_in: number;
  token_type: 'Bearer';
}

export interface LoginAttempt {
  username: string;
  password: string;
  /** The caller's address, passed on to providers that do their own brute-force protection. */
  clientIp: string | null;
}

/**
 * An identity provider: the embedded issuer (local, self-hosted) or Auth0 (production).
 * Both hand out JWT access tokens that the same `verifier` checks, so everything after
 * login is identical whichever one is configured.
 */
export interface IdentityProvider {
  readonly kind: 'embedded' | 'auth0';
  readonly verifier: AccessTokenVerifier;
  /** Creates the sign-in credential; answers the subject its tokens will carry. 409 when the email exists. */
  register(input: { email: string; password: string; name: string }): Promise<{ id: string }>;
  /** Undoes `register` when the rest of a registration failed; false when the provider cannot. */
  unregister(id: string): Promise<boolean>;
  /** 401 (never saying whether the email exists) unless the credentials are right. */
  login(attempt: LoginAttempt): Promise<TokenSet>;
  /** 401 when the token is unknown, expired, revoked or was already used. */
  refresh(refreshToken: string): Promise<TokenSet>;
  /** Revokes `refreshToken` when given; answers where to send the browser afterwards. */
  logout(refreshToken: string | undefined, returnTo: string): Promise<string>;
  /**
   * The client credentials grant for partner API clients: a token whose `sub` is
   * `<clientId>@clients`. Throws OAuthError `invalid_client` (unknown, wrong secret, revoked)
   * or `invalid_scope` (a scope the client does not have).
   */
  issueClientToken(request: ClientCredentialsRequest): Promise<ClientTokenResponse>;
  /** Where partner clients are managed; null with Auth0, where they are Auth0 M2M applications. */
  readonly clients: PartnerClientRegistry | null;
  /** The public keys this platform signs with, for `/.well-known/jwks.json`. */
  publicKeys(): JSONWebKeySet;
}
