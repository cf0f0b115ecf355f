import {
  AppError,
  BEARER_SECURITY,
  jsonContent,
  problemResponses,
  requireIdentity,
  type ServiceApp,
} from '@edu/platform/http';
import { createRoute } from '@hono/zod-openapi';
import type { UsersDeps } from '../../operations/deps.ts';
import { findProfile } from '../../operations/find-profile.ts';
import { ProfileSchema } from '../schemas.ts';

const getMeRoute = createRoute({
  method: 'get',
  path: '/api/v1/users/me',
  tags: ['Users'],
  summary: "The caller's profile",
  security: BEARER_SECURITY,
  responses: {
    200: jsonContent(ProfileSchema, 'The profile'),
    ...problemResponses('unauthorized', 'forbidden', 'not_found'),
  },
});

export function registerGetMe(app: ServiceApp, deps: UsersDeps) {
  app.openapi(getMeRoute, async (c) => {
    const identity = requireIdentity(c);
    // A partner's client token has no profile.
    if (identity.kind !== 'user') throw new AppError('forbidden', 'Only user accounts have a profile');
    const profile = await findProfile(deps, identity.sub);
    if (!profile) throw new AppError('not_found', 'This account has no profile yet');
    return c.json(profile, 200);
  });
}
