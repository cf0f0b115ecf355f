import {
  AppError,
  jsonContent,
  problemResponses,
  requireInternalCaller,
  type ServiceApp,
} from '@edu/platform/http';
import { createRoute, z } from '@hono/zod-openapi';
import type { UsersDeps } from '../../operations/deps.ts';
import { findProfile } from '../../operations/find-profile.ts';
import { ProfileSchema, UserIdSchema } from '../schemas.ts';

/** Internal: the gateway reads a profile for the claims of a user's tokens; anyone else gets 404. */
const getProfileRoute = createRoute({
  method: 'get',
  path: '/internal/v1/users/{id}',
  hide: true,
  summary: "A profile by id, for the claims of a user's tokens (gateway only)",
  request: { params: z.object({ id: UserIdSchema }) },
  responses: {
    200: jsonContent(ProfileSchema, 'The profile'),
    ...problemResponses(['not_found', 'No such user, or the caller is not the gateway']),
  },
});

export function registerGetProfile(app: ServiceApp, deps: UsersDeps) {
  app.openapi(getProfileRoute, async (c) => {
    requireInternalCaller(c, 'orchestrator');
    const profile = await findProfile(deps, c.req.valid('param').id);
    if (!profile) throw new AppError('not_found', 'No such user');
    return c.json(profile, 200);
  });
}
