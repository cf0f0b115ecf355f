import { type AppEnv, AppError, problemResponses } from '@edu/platform/http';
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { clientIpOf } from '../../identity/client-ip.ts';
import type { AuthorizationCodeFlow, IdentityProvider } from '../../identity/provider.ts';
import { ipSubject } from '../../identity/throttle.ts';
import type { AuthRouteDeps } from './deps.ts';
import { NO_STORE, TokenResponseSchema } from './schemas.ts';

/** RFC 7636 §4.1: 43 to 128 unreserved characters; state and nonce are held to the same alphabet. */
const UNRESERVED = /^[A-Za-z0-9._~-]+$/;
const attemptSecret = (min: number) =>
  z.string().min(min).max(128).regex(UNRESERVED, 'must be 43 to 128 unreserved URL characters');

const RedirectUriSchema = z
  .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
  .max(2048)
  .openapi({
    description: "The site's callback: it must be one of the Allowed Callback URLs of the Auth0 application.",
    example: 'https://edu.example/auth/callback',
  });

const AuthorizeQuerySchema = z.object({
  redirect_uri: RedirectUriSchema,
  state: attemptSecret(16).openapi({ description: 'Per attempt, checked by the caller on return.' }),
  nonce: attemptSecret(16).openapi({ description: 'Per attempt; the ID token must carry it.' }),
  code_challenge: z
    .string()
    .regex(/^[A-Za-z0-9_-]{43}$/, 'must be the base64url SHA-256 of the code verifier')
    .openapi({ description: 'BASE64URL(SHA-256(code_verifier)), RFC 7636 §4.2.' }),
  code_challenge_method: z.literal('S256'),
});

const CodeBodySchema = z
  .object({
    code: z.string().min(1).max(2048),
    code_verifier: attemptSecret(43),
    redirect_uri: RedirectUriSchema,
    nonce: attemptSecret(16),
  })
  .openapi('AuthorizationCodeRequest');

const HOSTED_LOGIN_NOTE =
  'With the embedded issuer there is no hosted login page: this answers 409, sign in with ' +
  'POST /api/v1/auth/login instead.';

const authorizeRoute = createRoute({
  method: 'get',
  path: '/api/v1/auth/authorize',
  tags: ['Auth'],
  summary: "Start a sign-in on the identity provider's login page",
  description:
    "Redirects to Auth0's Universal Login (authorization code flow with PKCE S256) for one " +
    'attempt whose state, nonce and code verifier the caller generated and keeps (the site: in ' +
    `an HttpOnly cookie). Auth0 returns the browser to redirect_uri with code and state. ${HOSTED_LOGIN_NOTE}`,
  request: { query: AuthorizeQuerySchema },
  responses: {
    302: {
      description: "To the identity provider's authorize endpoint",
      headers: { Location: { schema: { type: 'string' } } },
    },
    ...problemResponses('validation_failed', 'conflict'),
  },
});

const codeRoute = createRoute({
  method: 'post',
  path: '/api/v1/auth/code',
  tags: ['Auth'],
  summary: 'Redeem an authorization code for tokens',
  description:
    "Exchanges the code at Auth0's token endpoint with the code verifier and the client secret " +
    '(which never leaves the gateway), then verifies the ID token: signature against the ' +
    "tenant's keys, iss, aud = the client id, exp and the attempt's nonce. A code works once. " +
    'An account signing in for the first time (e.g. with a social connection) gets its profile ' +
    `from the ID token's email and name. Repeated failures from one address are answered 429. ${HOSTED_LOGIN_NOTE}`,
  request: { body: { required: true, content: { 'application/json': { schema: CodeBodySchema } } } },
  responses: {
    200: { description: 'Tokens', content: { 'application/json': { schema: TokenResponseSchema } } },
    ...problemResponses(
      'validation_failed',
      'unauthorized',
      'conflict',
      'unsupported_media_type',
      'rate_limited',
      'bad_gateway',
    ),
  },
});

function flowOf(identity: IdentityProvider): AuthorizationCodeFlow {
  if (!identity.authorizationCode) {
    throw new AppError(
      'conflict',
      'This deployment has no hosted login page (embedded issuer): sign in with POST /api/v1/auth/login',
    );
  }
  return identity.authorizationCode;
}

export function registerAuthorizationCodeRoutes(app: OpenAPIHono<AppEnv>, deps: AuthRouteDeps) {
  app.openapi(authorizeRoute, (c) => {
    const query = c.req.valid('query');
    const location = flowOf(deps.identity).authorizeUrl({
      redirectUri: query.redirect_uri,
      state: query.state,
      nonce: query.nonce,
      codeChallenge: query.code_challenge,
    });
    c.header('Cache-Control', 'no-store');
    return c.redirect(location, 302);
  });

  app.openapi(codeRoute, async (c) => {
    const body = c.req.valid('json');
    const flow = flowOf(deps.identity);
    const clientIp = clientIpOf(c.env);
    const address = ipSubject(clientIp);
    await deps.throttle.check(deps.addressLimits.loginFailures, address);
    const signedIn = await flow
      .exchange({
        code: body.code,
        codeVerifier: body.code_verifier,
        redirectUri: body.redirect_uri,
        nonce: body.nonce,
      })
      .catch(async (error: unknown) => {
        if (error instanceof AppError && error.code === 'unauthorized') {
          c.get('log').warn('authorization code refused', { clientIp });
          await deps.throttle.fail(deps.addressLimits.loginFailures, address);
        }
        throw error;
      });
    const { sub, email, name } = signedIn.identity;
    const requestId = c.get('requestId');
    // Accounts made on the login page itself (social, enterprise) have no profile yet.
    if (email && !(await deps.users.find(sub, requestId))) {
      await deps.users.create({ id: sub, email, name: name ?? email }, requestId);
    }
    return c.json(signedIn.tokens, 200, NO_STORE);
  });
}
