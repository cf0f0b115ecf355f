import { type AppEnv, AppError, problemResponses } from '@edu/platform/http';
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { LOGIN_FAILURES_PER_ACCOUNT } from '../../domain/rate-limits.ts';
import { clientIpOf } from '../../identity/client-ip.ts';
import { accountSubject, ipSubject } from '../../identity/throttle.ts';
import type { AuthRouteDeps } from './deps.ts';
import { NO_STORE, TokenResponseSchema } from './schemas.ts';

const LoginBodySchema = z
  .object({
    /** The account's email. */
    username: z.string().trim().min(1).max(254),
    password: z.string().min(1).max(1024),
  })
  .openapi('LoginRequest');

const loginRoute = createRoute({
  method: 'post',
  path: '/api/v1/auth/login',
  tags: ['Auth'],
  summary: 'Sign in with email and password',
  description:
    'Answers tokens, or 401 without saying whether the email exists. Repeated failures for one ' +
    'account or address are answered 429 with Retry-After.',
  request: { body: { required: true, content: { 'application/json': { schema: LoginBodySchema } } } },
  responses: {
    200: { description: 'Tokens', content: { 'application/json': { schema: TokenResponseSchema } } },
    ...problemResponses(
      'validation_failed',
      'unauthorized',
      'unsupported_media_type',
      'rate_limited',
      'bad_gateway',
    ),
  },
});

export function registerLoginRoute(app: OpenAPIHono<AppEnv>, deps: AuthRouteDeps) {
  app.openapi(loginRoute, async (c) => {
    const { username, password } = c.req.valid('json');
    const clientIp = clientIpOf(c.env);
    const account = await accountSubject(username);
    await deps.throttle.check(deps.addressLimits.loginFailures, ipSubject(clientIp));
    await deps.throttle.check(LOGIN_FAILURES_PER_ACCOUNT, account);
    try {
      const tokens = await deps.identity.login({ username, password, clientIp });
      await deps.throttle.reset(LOGIN_FAILURES_PER_ACCOUNT, account);
      return c.json(tokens, 200, NO_STORE);
    } catch (error) {
      if (error instanceof AppError && error.code === 'unauthorized') {
        // For operators watching for brute force: the hashed account and the address, never the password.
        c.get('log').warn('login failed', { account, clientIp });
        await deps.throttle.fail(LOGIN_FAILURES_PER_ACCOUNT, account);
        await deps.throttle.fail(deps.addressLimits.loginFailures, ipSubject(clientIp));
      }
      throw error;
    }
  });
}
