import { selectProfile, selectProfileByEmail } from '../db/profiles.ts';
import type { Profile } from '../domain/profile.ts';
import type { UsersDeps } from './deps.ts';

/** A profile by id, or null. */
export function findProfile(deps: UsersDeps, id: string): Promise<Profile | null> {
  return selectProfile(deps.db, id);
}

/** A profile by email, in any case, or null. */
export function findProfileByEmail(deps: UsersDeps, email: string): Promise<Profile | null> {
  return selectProfileByEmail(deps.db, email);
}
