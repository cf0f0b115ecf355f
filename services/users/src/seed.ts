import { DEMO_ACCOUNTS } from '@edu/contracts';
import type { ServiceDeps } from '@edu/platform';
import { insertProfile } from './db/profiles.ts';

/**
 * The demo accounts' profiles (embedded identity only; the runner never calls this with Auth0).
 * Idempotent: an existing profile is left as it is, and only new ones publish USER_CREATED.
 */
export async function seedDemoProfiles(deps: ServiceDeps): Promise<void> {
  for (const account of DEMO_ACCOUNTS) {
    await insertProfile(
      deps.db,
      { id: account.id, email: account.email, name: account.name, roles: account.roles },
      { correlationId: 'seed', source: 'users' },
    );
  }
}
