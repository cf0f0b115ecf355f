import { RoleSchema } from '@edu/contracts';
import type { ServiceDeps } from '@edu/platform';
import { type AppEnv, AppError, BEARER_SECURITY, problemResponses, requireRole } from '@edu/platform/http';
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { updateProfile } from '../db/profiles.ts';
import { assertRoleChangeAllowed, ProfileSchema } from '../domain/profile.ts';

const RolesBodySchema = z
  .object({ roles: z.array(RoleSchema).max(RoleSchema.options.length * 2) })
  .openapi('RolesChange', { example: { roles: ['user', 'instructor'] } });

const putRolesRoute = createRoute({
  method: 'put',
  path: '/api/v1/users/{id}/roles',
  tags: ['Users'],
  summary: "Set a user's roles (admin)",
  description: 'Every account keeps `user`. Tokens carry the new roles from their next refresh.',
  security: BEARER_SECURITY,
  request: {
    params: z.object({ id: z.string().min(1).max(255) }),
    body: { required: true, content: { 'application/json': { schema: RolesBodySchema } } },
  },
  responses: {
    200: { description: 'The changed profile', content: { 'application/json': { schema: ProfileSchema } } },
    ...problemResponses('validation_failed', 'unauthorized', 'forbidden', 'not_found', 'conflict'),
  },
});

export function registerRolesRoute(app: OpenAPIHono<AppEnv>, deps: ServiceDeps) {
  app.openapi(putRolesRoute, async (c) => {
    const admin = requireRole(c, 'admin');
    const { id } = c.req.valid('param');
    const { roles } = c.req.valid('json');
    assertRoleChangeAllowed(admin.sub, id, roles);
    const profile = await updateProfile(
      deps.db,
      id,
      { roles },
      { correlationId: c.get('requestId'), source: 'users' },
    );
    if (!profile) throw new AppError('not_found', 'No such user');
    return c.json(profile, 200);
  });
}
