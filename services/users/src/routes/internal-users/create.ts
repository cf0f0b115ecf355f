import {
  jsonBody,
  jsonContent,
  problemResponses,
  requireInternalCaller,
  type ServiceApp,
} from '@edu/platform/http';
import { createRoute, z } from '@hono/zod-openapi';
import { createProfile } from '../../operations/create-profile.ts';
import type { UsersDeps } from '../../operations/deps.ts';
import { ProfileSchema, UserIdSchema } from '../schemas.ts';

const NewProfileSchema = z.object({
  id: UserIdSchema,
  email: z.email().max(254),
  name: z.string().trim().min(1).max(200),
});

/**
 * Internal: the gateway creates the profile of each account it registers. Hidden from the
 * public document; the gateway forwards only /api/v1/* from outside, and anyone else gets 404.
 */
const createProfileRoute = createRoute({
  method: 'post',
  path: '/internal/v1/users',
  hide: true,
  summary: 'Create the profile of a new account (gateway only; idempotent per id)',
  request: { body: jsonBody(NewProfileSchema) },
  responses: {
    200: jsonContent(ProfileSchema, 'It already existed'),
    201: jsonContent(ProfileSchema, 'Created'),
    ...problemResponses('validation_failed', ['not_found', 'The caller is not the gateway'], 'conflict'),
  },
});

export function registerCreateProfile(app: ServiceApp, deps: UsersDeps) {
  app.openapi(createProfileRoute, async (c) => {
    requireInternalCaller(c, 'orchestrator');
    const { profile, created } = await createProfile(deps, c.req.valid('json'), c.get('requestId'));
    return created ? c.json(profile, 201) : c.json(profile, 200);
  });
}
