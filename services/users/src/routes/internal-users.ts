import { WITHOUT_NUL } from '@edu/contracts';
import type { ServiceDeps } from '@edu/platform';
import { type AppEnv, AppError, problemResponses, requireGateway } from '@edu/platform/http';
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { findProfile, findProfileByEmail, insertProfile } from '../db/profiles.ts';
import { ProfileSchema, sameEmail } from '../domain/profile.ts';

/**
 * Routes only the gateway may call (signed as GATEWAY_CALLER): the gateway cannot reach them
 * for outside callers (it forwards only /api/v1/*) and a caller reaching the service directly
 * cannot sign the identity. Hidden from the public OpenAPI document.
 */
const NewProfileSchema = z.object({
  id: z.string().min(1).max(255),
  email: z.email().max(254),
  name: z.string().trim().min(1).max(200),
});

const createProfileRoute = createRoute({
  method: 'post',
  path: '/internal/v1/users',
  hide: true,
  summary: 'Create the profile of a new account (gateway only; idempotent per id)',
  request: { body: { required: true, content: { 'application/json': { schema: NewProfileSchema } } } },
  responses: {
    200: { description: 'It already existed', content: { 'application/json': { schema: ProfileSchema } } },
    201: { description: 'Created', content: { 'application/json': { schema: ProfileSchema } } },
    ...problemResponses('validation_failed', 'not_found', 'conflict'),
  },
});

const getProfileRoute = createRoute({
  method: 'get',
  path: '/internal/v1/users/{id}',
  hide: true,
  summary: "A profile by id, for the claims of a user's tokens (gateway only)",
  request: { params: z.object({ id: z.string().min(1).max(255) }) },
  responses: {
    200: { description: 'The profile', content: { 'application/json': { schema: ProfileSchema } } },
    ...problemResponses('not_found'),
  },
});

const findByEmailRoute = createRoute({
  method: 'get',
  path: '/internal/v1/users',
  hide: true,
  summary: 'A profile by email, in any case (gateway-signed callers only: partner enrollments)',
  request: {
    query: z.object({
      email: z.string().trim().min(3).max(254).regex(WITHOUT_NUL, 'must not contain NUL characters'),
    }),
  },
  responses: {
    200: { description: 'The profile', content: { 'application/json': { schema: ProfileSchema } } },
    ...problemResponses('validation_failed', 'not_found'),
  },
});

export function registerInternalUsersRoutes(app: OpenAPIHono<AppEnv>, deps: ServiceDeps) {
  app.openapi(createProfileRoute, async (c) => {
    requireGateway(c);
    const input = c.req.valid('json');
    const created = await insertProfile(
      deps.db,
      { ...input, roles: ['user'] },
      { correlationId: c.get('requestId'), source: 'users' },
    );
    if (created) return c.json(created, 201);
    // A retry of the same registration finds its own profile; anything else is a taken email.
    const existing = await findProfile(deps.db, input.id);
    if (existing && sameEmail(existing.email, input.email)) return c.json(existing, 200);
    if (existing || (await findProfileByEmail(deps.db, input.email))) {
      throw new AppError('conflict', 'An account with this email already exists');
    }
    throw new AppError('conflict', 'The profile could not be created');
  });

  app.openapi(findByEmailRoute, async (c) => {
    requireGateway(c);
    const profile = await findProfileByEmail(deps.db, c.req.valid('query').email);
    if (!profile) throw new AppError('not_found', 'No user has this email');
    return c.json(profile, 200);
  });

  app.openapi(getProfileRoute, async (c) => {
    requireGateway(c);
    const profile = await findProfile(deps.db, c.req.valid('param').id);
    if (!profile) throw new AppError('not_found', 'No such user');
    return c.json(profile, 200);
  });
}
