/**
 * A local stand-in for an Auth0 tenant, speaking Auth0's documented wire format, so the Auth0
 * adapter is tested at its HTTP boundary (Auth0 itself cannot be reached from a test machine).
 * It signs RS256 tokens with its own key and serves that key's JWKS, like a tenant does.
 *
 * Endpoints and formats (Auth0 Authentication API, https://auth0.com/docs/api/authentication):
 *
 * POST /oauth/token  (application/json or application/x-www-form-urlencoded)
 *   grant_type=password: { client_id, client_secret, username, password, audience, scope }
 *     200 { access_token, refresh_token (only with scope offline_access), id_token, scope,
 *           expires_in: 86400, token_type: "Bearer" }
 *     403 { error: "invalid_grant", error_description: "Wrong email or password." }
 *   grant_type=refresh_token: { client_id, client_secret, refresh_token }
 *     200 { access_token, id_token, scope, expires_in, token_type, refresh_token } — with refresh
 *         token rotation on, a new refresh_token each time and the old one is spent
 *     403 { error: "invalid_grant", error_description: "Unknown or invalid refresh token." } —
 *         also for a spent token, and then Auth0 revokes the whole family (reuse detection)
 *   wrong client credentials: 401 { error: "access_denied", error_description: "Unauthorized" }
 *
 *   grant_type=client_credentials: { client_id, client_secret, audience: https://<domain>/api/v2/ }
 *     200 { access_token, scope, expires_in, token_type: "Bearer" } — a Management API token
 *   grant_type=client_credentials from a machine-to-machine application (a partner):
 *     { client_id, client_secret, audience: <API identifier>, scope? (space-separated) }
 *     200 { access_token, scope, expires_in: 86400, token_type: "Bearer" } — the token has
 *         `sub: <client_id>@clients`, `gty: "client-credentials"`, `azp: <client_id>`, `scope`
 *         (the requested scopes, else every scope of the application's client grant), `aud: <API>`
 *     401 { error: "access_denied", error_description: "Unauthorized" } — wrong client credentials
 *     403 { error: "access_denied", error_description: "Client is not authorized to access
 *         \"<audience>\". You need to create a \"client-grant\" associated to this API. …" } — no
 *         client grant for the API
 *     403 { error: "access_denied", error_description: "Client has not been granted scopes: <scopes>" }
 *
 *   grant_type=authorization_code: { client_id, client_secret, code, code_verifier, redirect_uri }
 *     200 { access_token, refresh_token (with offline_access), id_token, scope, expires_in: 86400,
 *           token_type: "Bearer" } — the id_token carries the `nonce` given to /authorize
 *     403 { error: "invalid_grant", error_description: "Invalid authorization code" } — unknown,
 *         expired or already redeemed (a code works once)
 *     403 { error: "invalid_grant", error_description: "Failed to verify code verifier" } — PKCE:
 *         BASE64URL(SHA-256(code_verifier)) is not the code_challenge given to /authorize
 *     403 { error: "invalid_grant", error_description: "Invalid redirect_uri" } — not the one the code
 *         was issued for
 *
 * GET /authorize  (Universal Login; the browser comes here)
 *   ?response_type=code&client_id&redirect_uri&scope&audience&state&nonce&code_challenge
 *    &code_challenge_method=S256
 *   302 to <redirect_uri>?code=<code>&state=<state> — the stand-in plays the login page and signs in
 *       the user set with `approveAs` at once (no user set: 200 with a login page, nothing more)
 *   400 text/html error page, no redirect — unknown client_id or a redirect_uri that is not one of
 *       the application's Allowed Callback URLs (`allowCallback`)
 *   302 to <redirect_uri>?error=invalid_request&error_description=…&state=<state> — not
 *       response_type=code, or a code_challenge without code_challenge_method=S256
 *
 * DELETE /api/v2/users/{id}  (Management API, Authorization: Bearer <management token>)
 *   204 with an empty body; 401 { statusCode: 401, error: "Unauthorized", message } without a valid token
 *
 * POST /oauth/revoke  { client_id, client_secret, token }
 *   200 with an empty body; 401 { error: "access_denied", ... } for wrong client credentials
 *
 * POST /dbconnections/signup  { client_id, email, password, connection, name? }
 *   200 { _id, email_verified: false, email }
 *   400 { name: "BadRequestError", code: "invalid_signup", description: "Invalid sign up", statusCode: 400 }
 *       when the email exists; code "invalid_password" (PasswordStrengthError) for a weak password
 *
 * GET /.well-known/jwks.json  { keys: [{ kty: "RSA", use: "sig", n, e, kid, alg: "RS256", x5t, x5c }] }
 *
 * Tokens: access tokens `{ alg: RS256, typ: JWT, kid }` with `iss: https://<domain>/`,
 * `sub: auth0|<_id>`, `aud: [<audience>, https://<domain>/userinfo]`, `azp`, `scope`, and the
 * roles in a namespaced custom claim (added by an Auth0 Action). ID tokens have `aud: <client_id>`,
 * `iss`, `sub`, `iat`, `exp`, `email`, `name`, and `nonce` when the sign-in came through /authorize.
 */
import { createHash } from 'node:crypto';
import { exportJWK, generateKeyPair, type JWK, type JWTPayload, SignJWT } from 'jose';

export interface Auth0StandIn {
  url: string;
  domain: string;
  audience: string;
  clientId: string;
  clientSecret: string;
  rolesClaim: string;
  /** How often the JWKS was fetched (the gateway must cache it). */
  jwksFetches(): number;
  /** Every request's path and headers, in order. */
  requests: Array<{ path: string; headers: Headers; body: Record<string, string> }>;
  /** Roles a user gets in tokens (by email). */
  setRoles(email: string, roles: string[]): void;
  /** Registers a machine-to-machine application with a client grant for the API and `scopes`. */
  addMachineClient(client: { clientId: string; clientSecret: string; scopes: string[] | null }): void;
  /** The user /authorize signs in at once (the login page's part); null: nobody, the page just shows. */
  approveAs(email: string | null): void;
  /** Adds an Allowed Callback URL of the application (/authorize refuses any other redirect_uri). */
  allowCallback(url: string): void;
  /** A user who exists only in Auth0 (e.g. a social connection's), with the full subject given. */
  addUser(user: { sub: string; email: string; name: string }): void;
  /** For negative tests: these claims replace the next authorization_code ID token's. */
  overrideNextIdToken(claims: JWTPayload): void;
  /** Signs an access token with the tenant's key, for negative tests. */
  sign(claims: JWTPayload, header?: { kid?: string; typ?: string }): Promise<string>;
  stop(): Promise<void>;
}

interface StandInUser {
  /** The id without the connection prefix (what signup answers as `_id`). */
  id: string;
  /** The tokens' `sub`: `auth0|<id>` for the database connection. */
  sub: string;
  email: string;
  password: string;
  name: string;
  roles: string[];
}

/** An authorization code /authorize issued, until it is redeemed (once). */
interface CodeGrant {
  userId: string;
  clientId: string;
  redirectUri: string;
  codeChallenge: string;
  nonce: string | undefined;
  expiresAt: number;
  redeemed: boolean;
}

/** How long an authorization code can be redeemed. */
const CODE_TTL_MS = 60_000;

interface RefreshGrant {
  userId: string;
  family: string;
  spent: boolean;
}

export async function startAuth0StandIn(
  options: { domain?: string; audience?: string; rolesClaim?: string } = {},
): Promise<Auth0StandIn> {
  const domain = options.domain ?? 'edu-test.eu.auth0.com';
  const audience = options.audience ?? 'https://api.edu.example';
  const rolesClaim = options.rolesClaim ?? 'https://edu.example/roles';
  const clientId = 'standInClientId0123456789';
  const clientSecret = 'stand-in-client-secret-0123456789abcdef';
  const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
  const kid = 'stand-in-key-1';
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
  const users = new Map<string, StandInUser>();
  const grants = new Map<string, RefreshGrant>();
  const codes = new Map<string, CodeGrant>();
  const callbacks = new Set<string>();
  let approvedEmail: string | null = null;
  let idTokenOverride: JWTPayload | null = null;
  const revokedFamilies = new Set<string>();
  const managementTokens = new Set<string>();
  /** M2M applications: their secret, and the scopes of their grant for the API (null: no grant). */
  const machineClients = new Map<string, { secret: string; scopes: string[] | null }>();
  const requests: Auth0StandIn['requests'] = [];
  let jwksFetches = 0;

  const json = (body: unknown, status = 200) => Response.json(body, { status });
  const oauthError = (status: number, error: string, description: string) =>
    json({ error, error_description: description }, status);

  const sign = (claims: JWTPayload, header: { kid?: string; typ?: string } = {}) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', typ: header.typ ?? 'JWT', kid: header.kid ?? kid })
      .sign(privateKey);

  async function issue(user: StandInUser, family: string, idClaims: JWTPayload = {}) {
    const now = Math.floor(Date.now() / 1000);
    const scope = 'openid profile email offline_access';
    const accessToken = await sign({
      iss: `https://${domain}/`,
      sub: user.sub,
      aud: [audience, `https://${domain}/userinfo`],
      iat: now,
      exp: now + 86_400,
      azp: clientId,
      scope,
      [rolesClaim]: user.roles,
    });
    const idToken = await sign({
      iss: `https://${domain}/`,
      sub: user.sub,
      aud: clientId,
      iat: now,
      exp: now + 36_000,
      email: user.email,
      name: user.name,
      email_verified: false,
      ...idClaims,
    });
    const refreshToken = `v1.${crypto.randomUUID()}${crypto.randomUUID()}`.replaceAll('-', '');
    grants.set(refreshToken, { userId: user.id, family, spent: false });
    return {
      access_token: accessToken,
      id_token: idToken,
      refresh_token: refreshToken,
      scope,
      expires_in: 86_400,
      token_type: 'Bearer',
    };
  }

  async function machineToken(body: Record<string, string>, granted: string[] | null) {
    if (body.audience !== audience || granted === null) {
      return oauthError(
        403,
        'access_denied',
        `Client is not authorized to access "${body.audience}". You need to create a "client-grant" associated to this API. See: https://auth0.com/docs/api/v2#!/Client_Grants/post_client_grants`,
      );
    }
    const requested = body.scope ? body.scope.split(' ').filter(Boolean) : granted;
    const missing = requested.filter((scope) => !granted.includes(scope));
    if (missing.length > 0) {
      return oauthError(403, 'access_denied', `Client has not been granted scopes: ${missing.join(' ')}`);
    }
    const now = Math.floor(Date.now() / 1000);
    const scope = requested.join(' ');
    const accessToken = await sign({
      iss: `https://${domain}/`,
      sub: `${body.client_id}@clients`,
      aud: audience,
      iat: now,
      exp: now + 86_400,
      scope,
      gty: 'client-credentials',
      azp: body.client_id,
    });
    return json({ access_token: accessToken, scope, expires_in: 86_400, token_type: 'Bearer' });
  }

  /** Universal Login, played at once: the approved user signs in and goes back with a code. */
  function authorize(query: Record<string, string>): Response {
    const redirectUri = query.redirect_uri ?? '';
    if (query.client_id !== clientId || !callbacks.has(redirectUri)) {
      const page = '<!doctype html><title>Callback URL mismatch</title><p>Callback URL mismatch.</p>';
      return new Response(page, { status: 400, headers: { 'content-type': 'text/html; charset=utf-8' } });
    }
    const back = new URL(redirectUri);
    if (query.state !== undefined) back.searchParams.set('state', query.state);
    if (query.response_type !== 'code' || query.code_challenge_method !== 'S256' || !query.code_challenge) {
      back.searchParams.set('error', 'invalid_request');
      back.searchParams.set('error_description', 'response_type code with a S256 code_challenge is expected');
      return Response.redirect(back.toString(), 302);
    }
    const user = approvedEmail ? users.get(approvedEmail) : undefined;
    if (!user) {
      const page = '<!doctype html><title>Log in</title><form><input name="username"></form>';
      return new Response(page, { headers: { 'content-type': 'text/html; charset=utf-8' } });
    }
    const code = crypto.randomUUID().replaceAll('-', '');
    codes.set(code, {
      userId: user.id,
      clientId,
      redirectUri,
      codeChallenge: query.code_challenge,
      nonce: query.nonce,
      expiresAt: Date.now() + CODE_TTL_MS,
      redeemed: false,
    });
    back.searchParams.set('code', code);
    return Response.redirect(back.toString(), 302);
  }

  /** grant_type=authorization_code: once per code, with the PKCE verifier and the same redirect_uri. */
  async function redeem(body: Record<string, string>): Promise<Response> {
    const grant = codes.get(body.code ?? '');
    if (!grant || grant.redeemed || grant.expiresAt < Date.now() || grant.clientId !== body.client_id) {
      return oauthError(403, 'invalid_grant', 'Invalid authorization code');
    }
    grant.redeemed = true;
    const challenge = createHash('sha256')
      .update(body.code_verifier ?? '')
      .digest('base64url');
    if (challenge !== grant.codeChallenge) {
      return oauthError(403, 'invalid_grant', 'Failed to verify code verifier');
    }
    if (body.redirect_uri !== grant.redirectUri)
      return oauthError(403, 'invalid_grant', 'Invalid redirect_uri');
    const user = [...users.values()].find((candidate) => candidate.id === grant.userId);
    if (!user) return oauthError(403, 'invalid_grant', 'Invalid authorization code');
    const override = idTokenOverride;
    idTokenOverride = null;
    return json(await issue(user, crypto.randomUUID(), { nonce: grant.nonce, ...override }));
  }

  async function readBody(request: Request): Promise<Record<string, string>> {
    const type = request.headers.get('content-type') ?? '';
    if (type.includes('application/x-www-form-urlencoded')) {
      return Object.fromEntries(new URLSearchParams(await request.text()));
    }
    const body: unknown = await request.json().catch(() => ({}));
    return typeof body === 'object' && body !== null ? (body as Record<string, string>) : {};
  }

  const server = Bun.serve({
    hostname: '127.0.0.1',
    port: 0,
    async fetch(request) {
      const url = new URL(request.url);
      const path = url.pathname;
      if (request.method === 'GET' && path === '/.well-known/jwks.json') {
        jwksFetches += 1;
        return json({ keys: [jwk] });
      }
      const body = request.method === 'POST' ? await readBody(request) : Object.fromEntries(url.searchParams);
      requests.push({ path, headers: request.headers, body });

      if (request.method === 'GET' && path === '/authorize') return authorize(body);

      if (request.method === 'DELETE' && path.startsWith('/api/v2/users/')) {
        const token = request.headers.get('authorization')?.replace(/^Bearer /, '') ?? '';
        if (!managementTokens.has(token)) {
          return json({ statusCode: 401, error: 'Unauthorized', message: 'Invalid token' }, 401);
        }
        const id = decodeURIComponent(path.slice('/api/v2/users/'.length)).replace(/^auth0\|/, '');
        for (const [key, user] of users) if (user.id === id) users.delete(key);
        return new Response(null, { status: 204 });
      }

      if (path === '/dbconnections/signup') {
        if (body.client_id !== clientId) return json({ error: 'invalid client' }, 400);
        if (!body.email || !body.password || body.connection !== 'Username-Password-Authentication') {
          return json(
            { name: 'BadRequestError', code: 'invalid_body', description: 'Bad request', statusCode: 400 },
            400,
          );
        }
        if (body.password.length < 8) {
          return json(
            {
              name: 'PasswordStrengthError',
              code: 'invalid_password',
              description: {
                rules: [
                  {
                    message: 'At least %d characters in length',
                    format: [8],
                    code: 'lengthAtLeast',
                    verified: false,
                  },
                ],
              },
              statusCode: 400,
            },
            400,
          );
        }
        const key = body.email.toLowerCase();
        if (users.has(key)) {
          return json(
            {
              name: 'BadRequestError',
              code: 'invalid_signup',
              description: 'Invalid sign up',
              statusCode: 400,
            },
            400,
          );
        }
        const id = crypto.randomUUID().replaceAll('-', '').slice(0, 24);
        const user = {
          id,
          sub: `auth0|${id}`,
          email: body.email,
          password: body.password,
          name: body.name ?? body.email,
          roles: [],
        };
        users.set(key, user);
        return json({ _id: user.id, email_verified: false, email: user.email });
      }

      const machine = machineClients.get(body.client_id ?? '');
      if (path === '/oauth/token' && body.grant_type === 'client_credentials' && machine) {
        if (body.client_secret !== machine.secret) return oauthError(401, 'access_denied', 'Unauthorized');
        return machineToken(body, machine.scopes);
      }

      if (path === '/oauth/token' || path === '/oauth/revoke') {
        if (body.client_id !== clientId || body.client_secret !== clientSecret) {
          return oauthError(401, 'access_denied', 'Unauthorized');
        }
      }

      if (path === '/oauth/token' && body.grant_type === 'client_credentials') {
        if (body.audience !== `https://${domain}/api/v2/`)
          return oauthError(403, 'access_denied', 'Service not enabled');
        const token = crypto.randomUUID();
        managementTokens.add(token);
        return json({ access_token: token, scope: 'delete:users', expires_in: 86_400, token_type: 'Bearer' });
      }

      if (path === '/oauth/token' && body.grant_type === 'password') {
        const user = users.get((body.username ?? '').toLowerCase());
        if (!user || user.password !== body.password)
          return oauthError(403, 'invalid_grant', 'Wrong email or password.');
        if (body.audience !== audience)
          return oauthError(403, 'access_denied', `Service not found: ${body.audience}`);
        return json(await issue(user, crypto.randomUUID()));
      }

      if (path === '/oauth/token' && body.grant_type === 'authorization_code') return redeem(body);

      if (path === '/oauth/token' && body.grant_type === 'refresh_token') {
        const grant = grants.get(body.refresh_token ?? '');
        if (!grant || revokedFamilies.has(grant.family)) {
          return oauthError(403, 'invalid_grant', 'Unknown or invalid refresh token.');
        }
        if (grant.spent) {
          revokedFamilies.add(grant.family);
          return oauthError(403, 'invalid_grant', 'Unknown or invalid refresh token.');
        }
        grant.spent = true;
        const user = [...users.values()].find((candidate) => candidate.id === grant.userId);
        if (!user) return oauthError(403, 'invalid_grant', 'Unknown or invalid refresh token.');
        return json(await issue(user, grant.family));
      }

      if (path === '/oauth/revoke') {
        const grant = grants.get(body.token ?? '');
        if (grant) revokedFamilies.add(grant.family);
        return new Response(null, { status: 200 });
      }

      return json({ error: 'not_found', error_description: `No route ${path}` }, 404);
    },
  });

  return {
    url: `http://127.0.0.1:${server.port}`,
    domain,
    audience,
    clientId,
    clientSecret,
    rolesClaim,
    jwksFetches: () => jwksFetches,
    requests,
    setRoles: (email, roles) => {
      const user = users.get(email.toLowerCase());
      if (user) user.roles = roles;
    },
    addMachineClient: (client) => {
      machineClients.set(client.clientId, { secret: client.clientSecret, scopes: client.scopes });
    },
    approveAs: (email) => {
      approvedEmail = email?.toLowerCase() ?? null;
    },
    allowCallback: (callback) => {
      callbacks.add(callback);
    },
    addUser: (user) => {
      users.set(user.email.toLowerCase(), {
        id: user.sub,
        sub: user.sub,
        email: user.email,
        name: user.name,
        password: crypto.randomUUID(),
        roles: [],
      });
    },
    overrideNextIdToken: (claims) => {
      idTokenOverride = claims;
    },
    sign,
    stop: async () => {
      await server.stop(true);
    },
  };
}

/** The gateway settings that point the Auth0 adapter at `standIn`. */
export function auth0Env(standIn: Auth0StandIn): Record<string, string> {
  return {
    AUTH0_DOMAIN: standIn.domain,
    AUTH0_AUDIENCE: standIn.audience,
    AUTH0_CLIENT_ID: standIn.clientId,
    AUTH0_CLIENT_SECRET: standIn.clientSecret,
    AUTH0_ROLES_CLAIM: standIn.rolesClaim,
    AUTH0_BASE_URL: standIn.url,
  };
}
