import type { EventData } from '@edu/contracts';
import type { EventOrigin, NewEvent } from '@edu/platform/events';
import type { Profile } from '../domain/profile.ts';

/** Where the users service's events come from: the request that caused them (or `seed`). */
export function originOf(requestId: string): EventOrigin {
  return { correlationId: requestId, source: 'users' };
}

/** The profile after the change, as `user-events` carry it. */
function userEventData(profile: Profile): EventData<'USER_CREATED' | 'USER_UPDATED'> {
  return {
    userId: profile.id,
    email: profile.email,
    name: profile.name,
    roles: profile.roles,
    locale: profile.locale,
  };
}

/** A new profile, keyed by user so a user's events keep their order. */
export function userCreated(profile: Profile): NewEvent {
  return { type: 'USER_CREATED', key: profile.id, data: userEventData(profile) };
}

/** A changed profile (name, locale or roles). */
export function userUpdated(profile: Profile): NewEvent {
  return { type: 'USER_UPDATED', key: profile.id, data: userEventData(profile) };
}
