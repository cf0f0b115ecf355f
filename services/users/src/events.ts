import { type EventType, UserEventData } from '@edu/contracts';
import type { NewEvent } from '@edu/platform/events';
import type { Profile } from './domain/profile.ts';

/** What the users service publishes on `user-events`: the profile after the change, keyed by user. */
export function userEvent(
  type: Extract<EventType, 'USER_CREATED' | 'USER_UPDATED'>,
  profile: Profile,
): NewEvent {
  // Parsed with the shared contract, so a profile that does not fit it fails here, not in a consumer.
  const data = UserEventData.parse({
    userId: profile.id,
    email: profile.email,
    name: profile.name,
    roles: profile.roles,
    locale: profile.locale,
  });
  return { type, key: profile.id, data };
}
