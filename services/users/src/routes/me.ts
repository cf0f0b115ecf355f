import type { ServiceDeps } from '@edu/platform';
import {
  type AppEnv,
  AppError,
  BEARER_SECURITY,
  problemResponses,
  requireIdentity,
} from '@edu/platform/http';
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { findProfile, updateProfile } from '../db/profiles.ts';
import { LocaleSchema, ProfileSchema } from '../domain/profile.ts';

const getMeRoute = createRoute({
  method: 'get',
  path: '/api/v1/users/me',
  tags: ['Users'],
  summary: "The caller's profile",
  security: BEARER_SECURITY,
  responses: {
    200: { description: 'The profile', content: { 'application/json': { schema: ProfileSchema } } },
    ...problemResponses('unauthorized', 'forbidden', 'not_found'),
  },
});

const PatchMeBodySchema = z
  .object({
    name: z
      .string()
      .trim()
      .min(1)
      .max(200)
      // PostgreSQL text cannot hold NUL: refuse it here rather than fail the update.
      .refine((text) => !text.includes('\u0000'), 'must not contain NUL characters')
      .optional(),
    locale: LocaleSchema.nullable().optional(),
  })
  .openapi('ProfileChanges');

const patchMeRoute = createRoute({
  method: 'patch',
  path: '/api/v1/users/me',
  tags: ['Users'],
  summary: "Change the caller's name or locale",
  security: BEARER_SECURITY,
  request: { body: { required: true, content: { 'application/json': { schema: PatchMeBodySchema } } } },
  responses: {
    200: { description: 'The changed profile', content: { 'application/json': { schema: ProfileSchema } } },
    ...problemResponses('validation_failed', 'unauthorized', 'forbidden', 'not_found'),
  },
});

/** The signed-in person (a partner's client token has no profile). */
function requireUser(c: Parameters<typeof requireIdentity>[0]) {
  const identity = requireIdentity(c);
  if (identity.kind !== 'user') throw new AppError('forbidden', 'Only user accounts have a profile');
  return identity;
}

export function registerMeRoutes(app: OpenAPIHono<AppEnv>, deps: ServiceDeps) {
  app.openapi(getMeRoute, async (c) => {
    const { sub } = requireUser(c);
    const profile = await findProfile(deps.db, sub);
    if (!profile) throw new AppError('not_found', 'This account has no profile yet');
    return c.json(profile, 200);
  });

  app.openapi(patchMeRoute, async (c) => {
    const { sub } = requireUser(c);
    const changes = c.req.valid('json');
    const nothingToChange = changes.name === undefined && changes.locale === undefined;
    const profile = nothingToChange
      ? await findProfile(deps.db, sub)
      : await updateProfile(deps.db, sub, changes, { correlationId: c.get('requestId'), source: 'users' });
    if (!profile) throw new AppError('not_found', 'This account has no profile yet');
    return c.json(profile, 200);
  });
}
