import { jsonBody, jsonContent, problemResponses, type ServiceApp } from '@edu/platform/http';
import { createRoute, z } from '@hono/zod-openapi';
import type { GatewayOperationsDeps } from '../../operations/deps.ts';
import { registerAccount } from '../../operations/register-account.ts';
import { AccountSchema, requestContext } from './schemas.ts';

/** Cloudflare caps Turnstile tokens at 2048 characters; longer is never a real token. */
const TURNSTILE_TOKEN_MAX_LENGTH = 2048;

const RegisterBodySchema = z
  .object({
    email: z.email().max(254),
    password: z.string().min(8, 'must be at least 8 characters').max(256),
    name: z
      .string()
      .trim()
      .min(1)
      .max(200)
      // PostgreSQL text cannot hold NUL: refuse it here rather than fail the insert.
      .refine((text) => !text.includes('\u0000'), 'must not contain NUL characters'),
    turnstileToken: z
      .string()
      .min(1)
      .max(TURNSTILE_TOKEN_MAX_LENGTH)
      .optional()
      .openapi({
        description:
          'Required when the platform asks for a human check (Cloudflare Turnstile is configured): ' +
          'the token the Turnstile widget gave the visitor. Good once, for 300 s; ignored otherwise.',
      }),
  })
  .openapi('RegisterRequest');

const route = createRoute({
  method: 'post',
  path: '/api/v1/auth/register',
  tags: ['Auth'],
  summary: 'Create an account',
  description:
    'Creates the sign-in credential and the profile; every new account has the role `user`. ' +
    'Registrations from one address are limited per 15 minutes (429 with Retry-After); when the ' +
    'platform asks for a human check, a valid `turnstileToken` is required (400 otherwise).',
  request: { body: jsonBody(RegisterBodySchema) },
  responses: {
    201: jsonContent(AccountSchema, 'The account'),
    ...problemResponses(
      'validation_failed',
      'conflict',
      'unsupported_media_type',
      'rate_limited',
      ['bad_gateway', 'The identity provider or the human check could not be reached'],
      'unavailable',
    ),
  },
});

export function registerRegisterAuth(app: ServiceApp, deps: GatewayOperationsDeps) {
  app.openapi(route, async (c) => {
    const account = await registerAccount(deps, c.req.valid('json'), requestContext(c));
    return c.json({ id: account.id, email: account.email, name: account.name, roles: account.roles }, 201);
  });
}
