import { jsonBody, jsonContent, problemResponses, type ServiceApp } from '@edu/platform/http';
import { createRoute, z } from '@hono/zod-openapi';
import type { GatewayOperationsDeps } from '../../operations/deps.ts';
import { refreshSession } from '../../operations/session.ts';
import { NO_STORE, TokenResponseSchema } from './schemas.ts';

const RefreshBodySchema = z.object({ refresh_token: z.string().min(1).max(4096) }).openapi('RefreshRequest');

const route = createRoute({
  method: 'post',
  path: '/api/v1/auth/refresh',
  tags: ['Auth'],
  summary: 'Exchange a refresh token for a new access token',
  description:
    'Refresh tokens rotate: the answer carries a new one and the old one is spent. Presenting a ' +
    'spent token revokes every token of that sign-in.',
  request: { body: jsonBody(RefreshBodySchema) },
  responses: {
    200: jsonContent(TokenResponseSchema, 'New tokens'),
    ...problemResponses(
      'validation_failed',
      'unauthorized',
      'unsupported_media_type',
      ['bad_gateway', 'The identity provider could not be reached'],
      'unavailable',
    ),
  },
});

export function registerRefreshAuth(app: ServiceApp, deps: GatewayOperationsDeps) {
  app.openapi(route, async (c) => {
    const { refresh_token } = c.req.valid('json');
    return c.json(await refreshSession(deps, refresh_token), 200, NO_STORE);
  });
}
