import { jsonBody, jsonContent, problemResponses, type ServiceApp } from '@edu/platform/http';
import { createRoute, z } from '@hono/zod-openapi';
import { redeemAuthorizationCode } from '../../operations/authorization-code.ts';
import type { GatewayOperationsDeps } from '../../operations/deps.ts';
import {
  attemptSecret,
  HOSTED_LOGIN_NOTE,
  NO_STORE,
  RedirectUriSchema,
  requestContext,
  TokenResponseSchema,
} from './schemas.ts';

const CodeBodySchema = z
  .object({
    code: z.string().min(1).max(2048),
    code_verifier: attemptSecret(43),
    redirect_uri: RedirectUriSchema,
    nonce: attemptSecret(16),
  })
  .openapi('AuthorizationCodeRequest');

const route = createRoute({
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
  request: { body: jsonBody(CodeBodySchema) },
  responses: {
    200: jsonContent(TokenResponseSchema, 'Tokens'),
    ...problemResponses(
      'validation_failed',
      'unauthorized',
      'conflict',
      'unsupported_media_type',
      'rate_limited',
      ['bad_gateway', 'The identity provider could not be reached'],
      'unavailable',
    ),
  },
});

export function registerCodeAuth(app: ServiceApp, deps: GatewayOperationsDeps) {
  app.openapi(route, async (c) => {
    const body = c.req.valid('json');
    const tokens = await redeemAuthorizationCode(
      deps,
      {
        code: body.code,
        codeVerifier: body.code_verifier,
        redirectUri: body.redirect_uri,
        nonce: body.nonce,
      },
      requestContext(c),
    );
    return c.json(tokens, 200, NO_STORE);
  });
}
