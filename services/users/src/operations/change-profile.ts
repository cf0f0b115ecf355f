import type { Role } from '@edu/contracts';
import { recordEvents } from '../db/outbox.ts';
import { selectProfile, updateProfile } from '../db/profiles.ts';
import { assertRoleChangeAllowed, type Profile } from '../domain/profile.ts';
import { originOf, userUpdated } from '../events/publish.ts';
import type { UsersDeps } from './deps.ts';

type ProfileChanges = { name?: string; locale?: string | null; roles?: Role[] };

/** Changes a profile and records USER_UPDATED in one transaction; null when there is none. */
async function changeProfile(
  deps: UsersDeps,
  id: string,
  changes: ProfileChanges,
  requestId: string,
): Promise<Profile | null> {
  return deps.db.transaction(async (tx) => {
    const profile = await updateProfile(tx, id, changes);
    if (profile) await recordEvents(tx, [userUpdated(profile)], originOf(requestId));
    return profile;
  });
}

/**
 * A person changing their own name or locale; with nothing to change, their profile as it is
 * (and no event). Null when they have no profile yet.
 */
export async function changeOwnProfile(
  deps: UsersDeps,
  userId: string,
  changes: { name?: string; locale?: string | null },
  requestId: string,
): Promise<Profile | null> {
  if (changes.name === undefined && changes.locale === undefined) return selectProfile(deps.db, userId);
  return changeProfile(deps, userId, changes, requestId);
}

/** An admin setting a user's roles (never their own admin role away); null when there is no such user. */
export async function setRoles(
  deps: UsersDeps,
  change: { adminId: string; userId: string; roles: Role[] },
  requestId: string,
): Promise<Profile | null> {
  assertRoleChangeAllowed(change.adminId, change.userId, change.roles);
  return changeProfile(deps, change.userId, { roles: change.roles }, requestId);
}
