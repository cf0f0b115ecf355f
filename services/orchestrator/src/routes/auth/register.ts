import type { AppEnv } from '@edu/platform/http';
import { AppError, problemResponses } from '@edu/platform/http';
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { REGISTRATIONS_PER_ACCOUNT } from '../../domain/rate-limits.ts';
import { clientIpOf } from '../../identity/client-ip.ts';
import { accountSubject, ipSubject } from '../../identity/throttle.ts';
import { TURNSTILE_TOKEN_MAX_LENGTH } from '../../identity/turnstile.ts';
import type { AuthRouteDeps } from './deps.ts';
import { AccountSchema } from './schemas.ts';

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

const registerRoute = createRoute({
  method: 'post',
  path: '/api/v1/auth/register',
  tags: ['Auth'],
  summary: 'Create an account',
  description:
    'Creates the sign-in credential and the profile; every new account has the role `user`. ' +
    'Registrations from one address are limited per 15 minutes (429 with Retry-After); when the ' +
    'platform asks for a human check, a valid `turnstileToken` is required (400 otherwise).',
  request: { body: { required: true, content: { 'application/json': { schema: RegisterBodySchema } } } },
  responses: {
    201: { description: 'The account', content: { 'application/json': { schema: AccountSchema } } },
    ...problemResponses(
      'validation_failed',
      'conflict',
      'unsupported_media_type',
      'rate_limited',
      'bad_gateway',
    ),
  },
});

export function registerRegisterRoute(app: OpenAPIHono<AppEnv>, deps: AuthRouteDeps) {
  app.openapi(registerRoute, async (c) => {
    const { turnstileToken, ...body } = c.req.valid('json');
    const clientIp = clientIpOf(c.env);
    await deps.throttle.consume(deps.addressLimits.registrations, ipSubject(clientIp));
    await deps.throttle.consume(REGISTRATIONS_PER_ACCOUNT, await accountSubject(body.email));
    if (deps.turnstile && !(turnstileToken && (await deps.turnstile.verify(turnstileToken, clientIp)))) {
      throw new AppError('validation_failed', 'The human check was missing or did not pass; try again', {
        errors: [{ path: 'turnstileToken', message: 'must be a valid Turnstile token' }],
      });
    }
    const { id } = await deps.identity.register(body);
    try {
      const profile = await deps.users.create({ id, email: body.email, name: body.name }, c.get('requestId'));
      return c.json({ id: profile.id, email: profile.email, name: profile.name, roles: profile.roles }, 201);
    } catch (error) {
      // The credential without a profile would be a half account: undo it where the provider can.
      const undone = await deps.identity.unregister(id).catch(() => false);
      c.get('log').warn('registration did not complete', { userId: id, credentialRemoved: undone });
      throw error;
    }
  });
}
