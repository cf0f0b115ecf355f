import { ROLES, type Role } from '@edu/contracts';
import { AppError } from '@edu/platform/http';

/** A person's profile: never a credential or hash (those live with the identity provider). */
export interface Profile {
  /** The identity provider's subject (embedded: a UUIDv7; Auth0: `auth0|…`). */
  id: string;
  email: string;
  name: string;
  roles: Role[];
  /** BCP 47 tag chosen by the user, e.g. `fr-CA`; null means the client decides. */
  locale: string | null;
  createdAt: string;
  updatedAt: string;
}

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
