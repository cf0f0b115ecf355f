import { ROLES, type Role, RoleSchema } from '@edu/contracts';
import { AppError } from '@edu/platform/http';
import { z } from '@hono/zod-openapi';

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
  });
export type Profile = z.infer<typeof ProfileSchema>;

/** BCP 47 language tags as browsers send them (`en`, `fr-CA`, `zh-Hant-TW`). */
export const LocaleSchema = z
  .string()
  .regex(/^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/, 'must be a language tag such as en or fr-CA')
  .max(35);

/** Every account is a `user`; roles are kept once each, in a stable order. */
export function normalizeRoles(roles: readonly Role[]): Role[] {
  return ROLES.filter((role) => role === 'user' || roles.includes(role));
}

/** Emails compare case-insensitively (the database index uses the same rule). */
export const sameEmail = (left: string, right: string) => left.toLowerCase() === right.toLowerCase();

/** An admin may not take away their own admin role: the platform could be left without one. */
export function assertRoleChangeAllowed(callerId: string, targetId: string, roles: readonly Role[]) {
  if (callerId === targetId && !roles.includes('admin')) {
    throw new AppError('conflict', 'You cannot remove your own admin role');
  }
}

/** Cursors are opaque to clients: the last id of a page, base64url-encoded. */
export function encodeCursor(lastId: string): string {
  return Buffer.from(lastId, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): string {
  const id = Buffer.from(cursor, 'base64url').toString('utf8');
  if (id.length === 0 || id.length > 255 || encodeCursor(id) !== cursor) {
    throw new AppError('validation_failed', 'The cursor is invalid', {
      errors: [{ path: 'cursor', message: 'is not a cursor this API returned' }],
    });
  }
  return id;
}
