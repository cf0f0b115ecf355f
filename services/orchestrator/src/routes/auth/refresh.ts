import type { AppEnv } from '@edu/platform/http';
import { problemResponses } from '@edu/platform/http';
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { AuthRouteDeps } from './deps.ts';
import { NO_STORE, TokenResponseSchema } from './schemas.ts';

const RefreshBodySchema = z.object({ refresh_token: z.string().min(1).max(4096) }).openapi('RefreshRequest');

const refreshRoute = createRoute({
  method: 'post',
  path: '/api/v1/auth/refresh',
  tags: ['Auth'],
  summary: 'Exchange a refresh token for a new access token',
  description:
    'Refresh tokens rotate: the answer carries a new one and the old one is spent. Presenting a ' +
    'spent token revokes every token of that sign-in.',
  request: { body: { required: true, content: { 'application/json': { schema: RefreshBodySchema } } } },
  responses: {
    200: { description: 'New tokens', content: { 'application/json': { schema: TokenResponseSchema } } },
    ...problemResponses('validation_failed', 'unauthorized', 'unsupported_media_type', 'bad_gateway'),
  },
});

export function registerRefreshRoute(app: OpenAPIHono<AppEnv>, deps: AuthRouteDeps) {
  app.openapi(refreshRoute, async (c) => {
    const { refresh_token } = c.req.valid('json');
    return c.json(await deps.identity.refresh(refresh_token), 200, NO_STORE);
  });
}
