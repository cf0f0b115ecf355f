import { RoleSchema } from '@edu/contracts';
import { z } from '@hono/zod-openapi';
import type { Profile } from '../domain/profile.ts';

/**
 * A user's id is the identity provider's subject (`auth0|…` can be long), not an id this
 * platform mints, so it allows up to 255 characters where the shared IdSchema allows 64.
 */
export const UserIdSchema = z.string().min(1).max(255);

/** A profile as the API shows it: never a credential or hash (those live with the identity provider). */
export const ProfileSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    roles: z.array(RoleSchema),
    locale: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Profile', {
    example: {
      id: '01930000-0000-7000-8000-00000000a003',
      email: 'learner@example.com',
      name: 'Lena Learner',
      roles: ['user'],
      locale: null,
      createdAt: '2026-11-24T12:00:00.000Z',
      updatedAt: '2026-11-24T12:00:00.000Z',
    },
  }) satisfies z.ZodType<Profile>;
