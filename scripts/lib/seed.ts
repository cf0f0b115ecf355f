import { SERVICE_NAMES } from '@edu/contracts';
import type { Platform } from './platform.ts';
import { SERVICE_MODULES } from './services.ts';

/**
 * Loads the demo data of docs/API.md through each service's own seeder (each writes only
 * its own schema). Idempotent: running it twice leaves one copy of everything.
 */
export async function seedPlatform(platform: Platform, onProgress: (message: string) => void = () => {}) {
  for (const service of SERVICE_NAMES) {
    const seed = SERVICE_MODULES[service].seed;
    if (!seed) continue;
    // The demo accounts are the embedded issuer's; with Auth0 they must not exist (docs/API.md).
    if (service === 'users' && platform.identityKind !== 'embedded') continue;
    onProgress(`seeding ${service}`);
    await seed({
      db: platform.database.db,
      cache: platform.cache,
      logger: platform.logger.child({ service }),
      identitySecret: platform.identitySecret,
      services: platform.services,
    });
  }
  if (platform.identityKind === 'embedded') {
    onProgress('seeding identity (demo credentials)');
    await platform.seedIdentity();
  }
}
