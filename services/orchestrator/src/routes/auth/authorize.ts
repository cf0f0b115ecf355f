import { problemResponses, type ServiceApp } from '@edu/platform/http';
import { createRoute, z } from '@hono/zod-openapi';
import { hostedSignInUrl } from '../../operations/authorization-code.ts';
import type { GatewayOperationsDeps } from '../../operations/deps.ts';
import { attemptSecret, HOSTED_LOGIN_NOTE, RedirectUriSchema } from './schemas.ts';

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

const route = createRoute({
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

export function registerAuthorizeAuth(app: ServiceApp, deps: GatewayOperationsDeps) {
  app.openapi(route, (c) => {
    const query = c.req.valid('query');
    const location = hostedSignInUrl(deps, {
      redirectUri: query.redirect_uri,
      state: query.state,
      nonce: query.nonce,
      codeChallenge: query.code_challenge,
    });
    c.header('Cache-Control', 'no-store');
    return c.redirect(location, 302);
  });
}
