import { defineServiceModule, migrationsFolderBeside } from '@edu/platform';
import { createApp } from './app.ts';
import { seedDemoProfiles } from './operations/seed-demo-profiles.ts';
import { UsersSettings } from './settings.ts';

/** The users service: profiles and roles. Runners use this module and nothing else of the package. */
export const usersModule = defineServiceModule({
  name: 'users',
  kind: 'service',
  settings: UsersSettings,
  migrations: { folder: migrationsFolderBeside(import.meta.url), schema: 'users' },
  createApp,
  // The demo accounts are the embedded issuer's: with Auth0 they must not exist (docs/API.md).
  seed: async (deps) => {
    if (!deps.settings.AUTH0_DOMAIN) await seedDemoProfiles(deps);
  },
});
