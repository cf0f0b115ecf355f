import type { Role } from '@edu/contracts';
import type { EventOrigin } from '@edu/platform/events';
import { AppError } from '@edu/platform/http';
import { recordEvents } from '../db/outbox.ts';
import { insertProfile, selectProfile, selectProfileByEmail } from '../db/profiles.ts';
import { type Profile, sameEmail } from '../domain/profile.ts';
import { originOf, userCreated } from '../events/publish.ts';
import type { UsersDeps } from './deps.ts';

/**
 * Adds a profile and its USER_CREATED event in one transaction. Null when the id or the email
 * (in any case) is taken; nothing is published then.
 */
export async function addProfile(
  deps: UsersDeps,
  input: { id: string; email: string; name: string; roles: Role[] },
  origin: EventOrigin,
): Promise<Profile | null> {
  return deps.db.transaction(async (tx) => {
    const profile = await insertProfile(tx, input);
    if (profile) await recordEvents(tx, [userCreated(profile)], origin);
    return profile;
  });
}

/**
 * The profile of a newly registered account (always a plain `user`). Idempotent per id: a
 * retry of the same registration finds its own profile (`created: false`); an email another
 * profile holds, in any case, is a conflict.
 */
export async function createProfile(
  deps: UsersDeps,
  input: { id: string; email: string; name: string },
  requestId: string,
): Promise<{ profile: Profile; created: boolean }> {
  const created = await addProfile(deps, { ...input, roles: ['user'] }, originOf(requestId));
  if (created) return { profile: created, created: true };
  const existing = await selectProfile(deps.db, input.id);
  if (existing && sameEmail(existing.email, input.email)) return { profile: existing, created: false };
  if (existing || (await selectProfileByEmail(deps.db, input.email))) {
    throw new AppError('conflict', 'An account with this email already exists');
  }
  throw new AppError('conflict', 'The profile could not be created');
}
