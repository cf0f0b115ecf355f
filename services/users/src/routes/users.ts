import { WITHOUT_NUL } from '@edu/contracts';
import type { ServiceDeps } from '@edu/platform';
import {
  type AppEnv,
  BEARER_SECURITY,
  PageLimitSchema,
  problemResponses,
  requireRole,
} from '@edu/platform/http';
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { listProfiles } from '../db/profiles.ts';
import { decodeCursor, encodeCursor, ProfileSchema } from '../domain/profile.ts';

const ListQuerySchema = z.object({
  limit: PageLimitSchema,
  cursor: z.string().min(1).max(400).regex(WITHOUT_NUL, 'must not contain NUL characters').optional(),
});

const ProfilePageSchema = z
  .object({ items: z.array(ProfileSchema), nextCursor: z.string().nullable() })
  .openapi('ProfilePage');

const listUsersRoute = createRoute({
  method: 'get',
  path: '/api/v1/users',
  tags: ['Users'],
  summary: 'List every profile (admin)',
  security: BEARER_SECURITY,
  request: { query: ListQuerySchema },
  responses: {
    200: {
      description: 'One page of profiles',
      content: { 'application/json': { schema: ProfilePageSchema } },
    },
    ...problemResponses('validation_failed', 'unauthorized', 'forbidden'),
  },
});

export function registerUsersRoutes(app: OpenAPIHono<AppEnv>, deps: ServiceDeps) {
  app.openapi(listUsersRoute, async (c) => {
    requireRole(c, 'admin');
    const { limit, cursor } = c.req.valid('query');
    const page = await listProfiles(deps.db, { limit, afterId: cursor ? decodeCursor(cursor) : null });
    return c.json({ items: page.items, nextCursor: page.lastId ? encodeCursor(page.lastId) : null }, 200);
  });
}
