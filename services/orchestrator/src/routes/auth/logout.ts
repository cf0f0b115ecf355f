import { problemResponses, type ServiceApp } from '@edu/platform/http';
import { createRoute, z } from '@hono/zod-openapi';
import type { GatewayOperationsDeps } from '../../operations/deps.ts';
import { signOut } from '../../operations/session.ts';

const LogoutBodySchema = z
  .object({ refresh_token: z.string().min(1).max(4096).optional() })
  .openapi('LogoutRequest');

const route = createRoute({
  method: 'post',
  path: '/api/v1/auth/logout',
  tags: ['Auth'],
  summary: 'Sign out',
  description:
    "Revokes the refresh token given (and its sign-in), then redirects to the identity provider's " +
    'logout page (locally: to `/`).',
  request: { body: { required: false, content: { 'application/json': { schema: LogoutBodySchema } } } },
  responses: {
    302: {
      description: 'Signed out; follow Location',
      headers: { Location: { schema: { type: 'string' } } },
    },
    ...problemResponses('validation_failed', ['bad_gateway', 'The identity provider could not be reached']),
  },
});

export function registerLogoutAuth(app: ServiceApp, deps: GatewayOperationsDeps) {
  app.openapi(route, async (c) => {
    const { refresh_token } = c.req.valid('json');
    const location = await signOut(deps, refresh_token, new URL('/', c.req.url).toString());
    c.header('Cache-Control', 'no-store');
    return c.redirect(location, 302);
  });
}
