import {
  AppError,
  BEARER_SECURITY,
  CursorSchema,
  decodeCursor,
  encodeCursor,
  jsonContent,
  PageQuerySchema,
  pageSchema,
  problemResponses,
  requireRole,
  type ServiceApp,
  toPage,
} from '@edu/platform/http';
import { createRoute } from '@hono/zod-openapi';
import type { UsersDeps } from '../../operations/deps.ts';
import { listProfiles } from '../../operations/list-profiles.ts';
import { ProfileSchema, UserIdSchema } from '../schemas.ts';

const ProfilePageSchema = pageSchema(ProfileSchema).openapi('ProfilePage');

// This list has always documented cursors of at most 400 characters; the public contract keeps it.
const ListUsersQuerySchema = PageQuerySchema.extend({ cursor: CursorSchema.max(400).optional() });

const listUsersRoute = createRoute({
  method: 'get',
  path: '/api/v1/users',
  tags: ['Users'],
  summary: 'List every profile (admin)',
  security: BEARER_SECURITY,
  request: { query: ListUsersQuerySchema },
  responses: {
    200: jsonContent(ProfilePageSchema, 'One page of profiles'),
    ...problemResponses('validation_failed', 'unauthorized', 'forbidden'),
  },
});

/** The id a page's cursor stands after; a cursor this API did not return is a 400. */
function afterIdOf(cursor: string | undefined): string | null {
  if (cursor === undefined) return null;
  const id = decodeCursor(cursor, UserIdSchema);
  if (id === null) {
    throw new AppError('validation_failed', 'The cursor is invalid', {
      errors: [{ path: 'cursor', message: 'is not a cursor this API returned' }],
    });
  }
  return id;
}

export function registerListUsers(app: ServiceApp, deps: UsersDeps) {
  app.openapi(listUsersRoute, async (c) => {
    requireRole(c, 'admin');
    const { limit, cursor } = c.req.valid('query');
    const profiles = await listProfiles(deps, { limit, afterId: afterIdOf(cursor) });
    return c.json(
      toPage(profiles, limit, (profile) => encodeCursor(profile.id)),
      200,
    );
  });
}
