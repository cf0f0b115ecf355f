import {
  AppError,
  BEARER_SECURITY,
  jsonBody,
  jsonContent,
  problemResponses,
  requireIdentity,
  type ServiceApp,
} from '@edu/platform/http';
import { createRoute, z } from '@hono/zod-openapi';
import { changeOwnProfile } from '../../operations/change-profile.ts';
import type { UsersDeps } from '../../operations/deps.ts';
import { ProfileSchema } from '../schemas.ts';

/** BCP 47 language tags as browsers send them (`en`, `fr-CA`, `zh-Hant-TW`). */
const LocaleSchema = z
  .string()
  .regex(/^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/, 'must be a language tag such as en or fr-CA')
  .max(35);

const ProfileChangesSchema = z
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

const updateMeRoute = createRoute({
  method: 'patch',
  path: '/api/v1/users/me',
  tags: ['Users'],
  summary: "Change the caller's name or locale",
  security: BEARER_SECURITY,
  request: { body: jsonBody(ProfileChangesSchema) },
  responses: {
    200: jsonContent(ProfileSchema, 'The changed profile'),
    ...problemResponses('validation_failed', 'unauthorized', 'forbidden', 'not_found'),
  },
});

/** Unknown fields (roles, email) are dropped by the schema: nobody grants themselves a role here. */
export function registerUpdateMe(app: ServiceApp, deps: UsersDeps) {
  app.openapi(updateMeRoute, async (c) => {
    const identity = requireIdentity(c);
    // A partner's client token has no profile.
    if (identity.kind !== 'user') throw new AppError('forbidden', 'Only user accounts have a profile');
    const profile = await changeOwnProfile(deps, identity.sub, c.req.valid('json'), c.get('requestId'));
    if (!profile) throw new AppError('not_found', 'This account has no profile yet');
    return c.json(profile, 200);
  });
}
