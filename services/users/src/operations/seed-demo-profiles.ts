import { DEMO_ACCOUNTS } from '@edu/contracts';
import { originOf } from '../events/publish.ts';
import { addProfile } from './create-profile.ts';
import type { UsersDeps } from './deps.ts';

/**
 * The demo accounts' profiles (embedded identity only: the module skips this with Auth0).
 * Idempotent: an existing profile is left as it is, and only new ones publish USER_CREATED.
 */
export async function seedDemoProfiles(deps: UsersDeps): Promise<void> {
  for (const account of DEMO_ACCOUNTS) {
    await addProfile(
      deps,
      { id: account.id, email: account.email, name: account.name, roles: account.roles },
      originOf('seed'),
    );
  }
}
