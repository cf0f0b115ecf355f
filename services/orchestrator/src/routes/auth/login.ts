import { jsonBody, jsonContent, problemResponses, type ServiceApp } from '@edu/platform/http';
import { createRoute, z } from '@hono/zod-openapi';
import type { GatewayOperationsDeps } from '../../operations/deps.ts';
import { signIn } from '../../operations/sign-in.ts';
import { NO_STORE, requestContext, TokenResponseSchema } from './schemas.ts';

const LoginBodySchema = z
  .object({
    /** The account's email. */
    username: z.string().trim().min(1).max(254),
    password: z.string().min(1).max(1024),
  })
  .openapi('LoginRequest');

const route = createRoute({
  method: 'post',
  path: '/api/v1/auth/login',
  tags: ['Auth'],
  summary: 'Sign in with email and password',
  description:
    'Answers tokens, or 401 without saying whether the email exists. Repeated failures for one ' +
    'account or address are answered 429 with Retry-After.',
  request: { body: jsonBody(LoginBodySchema) },
  responses: {
    200: jsonContent(TokenResponseSchema, 'Tokens'),
    ...problemResponses(
      'validation_failed',
      'unauthorized',
      'unsupported_media_type',
      'rate_limited',
      ['bad_gateway', 'The identity provider could not be reached'],
      'unavailable',
    ),
  },
});

export function registerLoginAuth(app: ServiceApp, deps: GatewayOperationsDeps) {
  app.openapi(route, async (c) =>
    c.json(await signIn(deps, c.req.valid('json'), requestContext(c)), 200, NO_STORE),
  );
}
