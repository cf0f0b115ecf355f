import type { ServiceDeps } from '@edu/platform';
import { createServiceApp } from '@edu/platform/http';
import type { UsersDeps } from './operations/deps.ts';
import { registerCreateProfile } from './routes/internal-users/create.ts';
import { registerFindProfileByEmail } from './routes/internal-users/find-by-email.ts';
import { registerGetProfile } from './routes/internal-users/get.ts';
import { registerGetMe } from './routes/me/get.ts';
import { registerUpdateMe } from './routes/me/update.ts';
import { registerListUsers } from './routes/users/list.ts';
import { registerSetRoles } from './routes/users/set-roles.ts';

/** The users service: profiles and roles. Who may do what is checked here, not only at the gateway. */
export function createApp(deps: ServiceDeps) {
  // createServiceApp takes what it needs of the deps: logger, identity secret, outbox wake-up.
  const app = createServiceApp({ ...deps, service: 'users' });
  const operations: UsersDeps = { db: deps.db };
  registerGetMe(app, operations);
  registerUpdateMe(app, operations);
  registerListUsers(app, operations);
  registerSetRoles(app, operations);
  registerCreateProfile(app, operations);
  registerFindProfileByEmail(app, operations);
  registerGetProfile(app, operations);
  return app;
}
