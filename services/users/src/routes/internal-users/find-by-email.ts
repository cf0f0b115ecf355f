import { WITHOUT_NUL } from '@edu/contracts';
import {
  AppError,
  jsonContent,
  problemResponses,
  requireInternalCaller,
  type ServiceApp,
} from '@edu/platform/http';
import { createRoute, z } from '@hono/zod-openapi';
import type { UsersDeps } from '../../operations/deps.ts';
import { findProfileByEmail } from '../../operations/find-profile.ts';
import { ProfileSchema } from '../schemas.ts';

/**
 * Internal: the gateway, and the courses service finding the learners of partner enrollments,
 * look a profile up by email; any other caller gets 404.
 */
const findProfileByEmailRoute = createRoute({
  method: 'get',
  path: '/internal/v1/users',
  hide: true,
  summary: 'A profile by email, in any case (the gateway and the courses service only)',
  request: {
    query: z.object({
      email: z.string().trim().min(3).max(254).regex(WITHOUT_NUL, 'must not contain NUL characters'),
    }),
  },
  responses: {
    200: jsonContent(ProfileSchema, 'The profile'),
    ...problemResponses('validation_failed', [
      'not_found',
      'No user has this email, or the caller may not ask',
    ]),
  },
});

export function registerFindProfileByEmail(app: ServiceApp, deps: UsersDeps) {
  app.openapi(findProfileByEmailRoute, async (c) => {
    requireInternalCaller(c, 'orchestrator', 'courses');
    const profile = await findProfileByEmail(deps, c.req.valid('query').email);
    if (!profile) throw new AppError('not_found', 'No user has this email');
    return c.json(profile, 200);
  });
}
