import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import { type DatabaseHandle, migrationConfig } from './index.ts';

/**
 * Embedded PostgreSQL (WASM). `dataDir` keeps data on disk; without it the database
 * lives in memory (tests). PGlite is a single connection: one instance is shared by all
 * services of the embedded process, each in its own schema, as on a real server.
 */
export async function openPglite(dataDir?: string): Promise<DatabaseHandle & { client: PGlite }> {
  const client = dataDir ? await PGlite.create({ dataDir }) : await PGlite.create();
  const db = drizzle({ client });
  return {
    driver: 'pglite',
    db,
    client,
    migrate: (target) => migrate(db, migrationConfig(target)),
    close: () => client.close(),
  };
}
