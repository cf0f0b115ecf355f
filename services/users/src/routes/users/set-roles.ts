import { RoleSchema } from '@edu/contracts';
import {
  AppError,
  BEARER_SECURITY,
  jsonBody,
  jsonContent,
  problemResponses,
  requireRole,
  type ServiceApp,
} from '@edu/platform/http';
import { createRoute, z } from '@hono/zod-openapi';
import { setRoles } from '../../operations/change-profile.ts';
import type { UsersDeps } from '../../operations/deps.ts';
import { ProfileSchema, UserIdSchema } from '../schemas.ts';

const RolesChangeSchema = z
  .object({ roles: z.array(RoleSchema).max(RoleSchema.options.length * 2) })
  .openapi('RolesChange', { example: { roles: ['user', 'instructor'] } });

const setRolesRoute = createRoute({
  method: 'put',
  path: '/api/v1/users/{id}/roles',
  tags: ['Users'],
  summary: "Set a user's roles (admin)",
  description: 'Every account keeps `user`. Tokens carry the new roles from their next refresh.',
  security: BEARER_SECURITY,
  request: { params: z.object({ id: UserIdSchema }), body: jsonBody(RolesChangeSchema) },
  responses: {
    200: jsonContent(ProfileSchema, 'The changed profile'),
    ...problemResponses('validation_failed', 'unauthorized', 'forbidden', 'not_found', [
      'conflict',
      'An admin cannot remove their own admin role',
    ]),
  },
});

export function registerSetRoles(app: ServiceApp, deps: UsersDeps) {
  app.openapi(setRolesRoute, async (c) => {
    const admin = requireRole(c, 'admin');
    const { id } = c.req.valid('param');
    const { roles } = c.req.valid('json');
    const profile = await setRoles(deps, { adminId: admin.sub, userId: id, roles }, c.get('requestId'));
    if (!profile) throw new AppError('not_found', 'No such user');
    return c.json(profile, 200);
  });
}
