import { AppError } from '@edu/platform/http';
import { createRemoteJWKSet } from 'jose';
import { z } from 'zod';
import type { ClientTokenResponse } from '../../domain/client-credentials.ts';
import { invalidClient } from '../../domain/oauth-error.ts';
import type { Auth0Config } from '../../settings.ts';
import { signInRefused, verifyIdToken } from './id-token.ts';
import type { IdentityProvider, LoginAttempt, TokenSet } from './provider.ts';
import { createAccessTokenVerifier } from './verify.ts';

/** Auth0 signs access tokens with RS256 unless told otherwise; nothing else is accepted. */
const AUTH0_ALGORITHMS = ['RS256'];
const REQUEST_TIMEOUT_MS = 5_000;

/** What the site signs in for: an ID token, the user's profile and email, and a refresh token. */
const SIGN_IN_SCOPE = 'openid profile email offline_access';

/** `POST /oauth/token` success (password, refresh_token and authorization_code grants). */
const TokenResponseSchema = z.object({
  access_token: z.string().min(1),
  refresh_token: z.string().min(1).optional(),
  id_token: z.string().min(1).optional(),
  expires_in: z.number().int().positive(),
  token_type: z.string(),
});

/** `POST /oauth/token` and `/oauth/revoke` errors: `{ error, error_description }`. */
const OAuthErrorSchema = z.object({ error: z.string(), error_description: z.string().optional() });

/** `POST /oauth/token` success with grant_type client_credentials (a partner's M2M application). */
const ClientTokenResponseSchema = z.object({
  access_token: z.string().min(1),
  expires_in: z.number().int().positive(),
  scope: z.string().optional(),
});

/** `POST /oauth/token` with grant_type client_credentials, for the Management API. */
const ManagementTokenSchema = z.object({ access_token: z.string().min(1) });

/** `POST /dbconnections/signup` success (`_id` is the user id without the `auth0|` prefix). */
const SignupResponseSchema = z.object({ _id: z.string().min(1), email: z.string() });

/** `POST /dbconnections/signup` errors: `{ name, code, description, statusCode }`. */
const SignupErrorSchema = z.object({ code: z.string(), description: z.unknown().optional() });

/**
 * The Auth0 adapter: the site's sign-in through Universal Login (authorization code + PKCE, the
 * code redeemed here with the client secret), login with the resource-owner password grant
 * (scripts and API clients), rotation-aware refresh,
 * revocation at logout, sign-up into a database connection. Tokens are checked by the same
 * verifier as the embedded issuer's, against the tenant's JWKS (cached; an unknown `kid`
 * refetches at most once per cooldown, so forged tokens cannot make us hammer Auth0).
 */
export function createAuth0Provider(config: Auth0Config): IdentityProvider {
  const tenant = `https://${config.domain}`;
  const base = config.baseUrl ?? tenant;
  const endpoint = (path: string) => new URL(path, base).toString();
  const keys = createRemoteJWKSet(new URL(endpoint('/.well-known/jwks.json')), {
    cooldownDuration: 30_000,
    cacheMaxAge: 10 * 60_000,
    timeoutDuration: REQUEST_TIMEOUT_MS,
  });
  const verifier = createAccessTokenVerifier({
    issuer: `${tenant}/`,
    audience: config.audience,
    keys,
    algorithms: AUTH0_ALGORITHMS,
    rolesClaim: config.rolesClaim,
  });

  async function post(path: string, body: Record<string, string>, headers: Record<string, string> = {}) {
    try {
      return await fetch(endpoint(path), {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    } catch {
      throw new AppError('bad_gateway', 'The identity provider could not be reached');
    }
  }

  async function tokens(response: Response, failure: AppError): Promise<TokenSet> {
    const body: unknown = await response.json().catch(() => null);
    if (response.ok) {
      const parsed = TokenResponseSchema.safeParse(body);
      if (!parsed.success) throw new AppError('bad_gateway', 'The identity provider answered unexpectedly');
      const { access_token, refresh_token, id_token, expires_in } = parsed.data;
      return {
        access_token,
        ...(refresh_token ? { refresh_token } : {}),
        ...(id_token ? { id_token } : {}),
        expires_in,
        token_type: 'Bearer',
      };
    }
    if (response.status === 429) {
      throw new AppError('rate_limited', 'Too many attempts; try again later', {
        headers: { 'Retry-After': response.headers.get('retry-after') ?? '60' },
      });
    }
    const error = OAuthErrorSchema.safeParse(body);
    // 403 invalid_grant / access_denied: wrong password, a bad, spent or revoked refresh token.
    // A 401 means Auth0 refused *our* client credentials: a fault of ours, not the user's.
    if (error.success && (response.status === 403 || error.data.error === 'invalid_grant')) throw failure;
    throw new AppError('bad_gateway', 'The identity provider answered unexpectedly');
  }

  return {
    kind: 'auth0',
    verifier,

    async register(input) {
      const response = await post('/dbconnections/signup', {
        client_id: config.clientId,
        connection: config.connection,
        email: input.email,
        password: input.password,
        name: input.name,
      });
      const body: unknown = await response.json().catch(() => null);
      if (response.ok) {
        const parsed = SignupResponseSchema.safeParse(body);
        if (!parsed.success) throw new AppError('bad_gateway', 'The identity provider answered unexpectedly');
        // Database connection users are `auth0|<_id>` in every token Auth0 issues.
        return { id: `auth0|${parsed.data._id}` };
      }
      const error = SignupErrorSchema.safeParse(body);
      if (response.status === 400 && error.success) {
        if (error.data.code === 'user_exists' || error.data.code === 'invalid_signup') {
          throw new AppError('conflict', 'An account with this email already exists');
        }
        if (error.data.code === 'invalid_password' || error.data.code === 'password_strength_error') {
          throw new AppError('validation_failed', 'The password is too weak', {
            errors: [{ path: 'password', message: 'does not meet the password policy' }],
          });
        }
      }
      throw new AppError('bad_gateway', 'The identity provider answered unexpectedly');
    },

    /**
     * Compensates a sign-up whose profile could not be created: deletes the Auth0 user through
     * the Management API (the application needs the `delete:users` grant). False when it cannot.
     */
    async unregister(id) {
      const grant = await post('/oauth/token', {
        grant_type: 'client_credentials',
        client_id: config.clientId,
        client_secret: config.clientSecret,
        audience: `${tenant}/api/v2/`,
      });
      const token = ManagementTokenSchema.safeParse(await grant.json().catch(() => null));
      if (!grant.ok || !token.success) return false;
      try {
        const response = await fetch(endpoint(`/api/v2/users/${encodeURIComponent(id)}`), {
          method: 'DELETE',
          headers: { authorization: `Bearer ${token.data.access_token}` },
          signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
        });
        await response.body?.cancel();
        return response.status === 204 || response.status === 404;
      } catch {
        return false;
      }
    },

    async login(attempt: LoginAttempt) {
      const response = await post(
        '/oauth/token',
        {
          grant_type: 'password',
          username: attempt.username,
          password: attempt.password,
          audience: config.audience,
          scope: SIGN_IN_SCOPE,
          client_id: config.clientId,
          client_secret: config.clientSecret,
        },
        // Lets Auth0's own brute-force protection see the end user rather than the gateway.
        attempt.clientIp ? { 'auth0-forwarded-for': attempt.clientIp } : {},
      );
      return tokens(response, new AppError('unauthorized', 'The email or password is wrong'));
    },

    authorizationCode: {
      authorizeUrl(request) {
        // The browser goes here, so in tests (AUTH0_BASE_URL) to the stand-in, else to the tenant.
        const url = new URL('/authorize', base);
        url.search = new URLSearchParams({
          response_type: 'code',
          client_id: config.clientId,
          redirect_uri: request.redirectUri,
          scope: SIGN_IN_SCOPE,
          audience: config.audience,
          state: request.state,
          nonce: request.nonce,
          code_challenge: request.codeChallenge,
          code_challenge_method: 'S256',
        }).toString();
        return url.toString();
      },

      async exchange(exchange) {
        const response = await post('/oauth/token', {
          grant_type: 'authorization_code',
          client_id: config.clientId,
          client_secret: config.clientSecret,
          code: exchange.code,
          code_verifier: exchange.codeVerifier,
          redirect_uri: exchange.redirectUri,
        });
        // A spent, unknown or foreign code, or a verifier that does not match: Auth0's 403 invalid_grant.
        const issued = await tokens(response, signInRefused());
        if (!issued.id_token) throw new AppError('bad_gateway', 'The identity provider sent no ID token');
        const identity = await verifyIdToken(issued.id_token, exchange.nonce, {
          issuer: `${tenant}/`,
          clientId: config.clientId,
          keys,
          algorithms: AUTH0_ALGORITHMS,
        });
        return { tokens: issued, identity };
      },
    },

    async refresh(refreshToken) {
      const response = await post('/oauth/token', {
        grant_type: 'refresh_token',
        refresh_token: refreshToken,
        client_id: config.clientId,
        client_secret: config.clientSecret,
      });
      return tokens(
        response,
        new AppError('unauthorized', 'The refresh token is invalid, expired or revoked'),
      );
    },

    /**
     * A partner's Auth0 machine-to-machine application asks for a token for our API with its
     * own credentials. Auth0 answers 401 for wrong credentials and 403 when the application has
     * no grant for the API or a scope it asked for: both are the partner's `invalid_client`.
     */
    async issueClientToken(request): Promise<ClientTokenResponse> {
      const response = await post('/oauth/token', {
        grant_type: 'client_credentials',
        client_id: request.clientId,
        client_secret: request.clientSecret,
        audience: config.audience,
        ...(request.scope ? { scope: request.scope } : {}),
      });
      const body: unknown = await response.json().catch(() => null);
      if (response.ok) {
        const parsed = ClientTokenResponseSchema.safeParse(body);
        if (!parsed.success) throw new AppError('bad_gateway', 'The identity provider answered unexpectedly');
        const { access_token, expires_in, scope } = parsed.data;
        return { access_token, token_type: 'Bearer', expires_in, scope: scope ?? request.scope ?? '' };
      }
      if (response.status === 401 || response.status === 403) throw invalidClient();
      if (response.status === 429) {
        throw new AppError('rate_limited', 'Too many attempts; try again later', {
          headers: { 'Retry-After': response.headers.get('retry-after') ?? '60' },
        });
      }
      throw new AppError('bad_gateway', 'The identity provider answered unexpectedly');
    },

    // Partner clients are Auth0 machine-to-machine applications, created in Auth0 itself.
    clients: null,

    async logout(refreshToken, returnTo) {
      if (refreshToken) {
        const response = await post('/oauth/revoke', {
          client_id: config.clientId,
          client_secret: config.clientSecret,
          token: refreshToken,
        });
        await response.body?.cancel();
      }
      const logout = new URL('/v2/logout', tenant);
      logout.searchParams.set('client_id', config.clientId);
      logout.searchParams.set('returnTo', config.logoutReturnTo ?? returnTo);
      return logout.toString();
    },

    // Auth0's keys are published by Auth0; ours (certificates) join this set when they exist.
    publicKeys: () => ({ keys: [] }),
  };
}
