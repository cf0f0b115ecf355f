import type { EventType } from '@edu/contracts';
import type { NewEvent } from '@edu/platform/events';
import type { Profile } from './domain/profile.ts';

/** What the users service publishes on `user-events`: the profile after the change, keyed by user. */
export function userEvent(
  type: Extract<EventType, 'USER_CREATED' | 'USER_UPDATED'>,
  profile: Profile,
): NewEvent {
  return {
    type,
    key: profile.id,
    data: {
      userId: profile.id,
      email: profile.email,
      name: profile.name,
      roles: profile.roles,
      locale: profile.locale,
    },
  };
}
