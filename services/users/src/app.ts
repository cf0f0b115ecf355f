import type { ServiceDeps } from '@edu/platform';
import { createServiceApp } from '@edu/platform/http';
import { registerInternalUsersRoutes } from './routes/internal-users.ts';
import { registerMeRoutes } from './routes/me.ts';
import { registerRolesRoute } from './routes/roles.ts';
import { registerUsersRoutes } from './routes/users.ts';

export const SERVICE_NAME = 'users';

/** The users service: profiles and roles. Who may do what is checked here, not only at the gateway. */
export function createApp(deps: ServiceDeps) {
  const app = createServiceApp({
    service: SERVICE_NAME,
    logger: deps.logger,
    identitySecret: deps.identitySecret,
    notifyOutbox: deps.notifyOutbox,
  });
  registerMeRoutes(app, deps);
  registerUsersRoutes(app, deps);
  registerRolesRoute(app, deps);
  registerInternalUsersRoutes(app, deps);
  return app;
}
