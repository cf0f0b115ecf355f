import { selectProfilesAfter } from '../db/profiles.ts';
import type { Profile } from '../domain/profile.ts';
import type { UsersDeps } from './deps.ts';

/**
 * Profiles in id order after `afterId`, one past `limit`: the extra one only tells the caller
 * that another page follows.
 */
export function listProfiles(
  deps: UsersDeps,
  page: { limit: number; afterId: string | null },
): Promise<Profile[]> {
  return selectProfilesAfter(deps.db, { count: page.limit + 1, afterId: page.afterId });
}
