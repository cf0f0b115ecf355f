import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';

/** The database port: a drizzle PostgreSQL database, whichever driver is underneath. */
export type Database = PgDatabase<PgQueryResultHKT>;

export type DatabaseDriver = 'pglite' | 'postgres' | 'neon';

export interface MigrationTarget {
  /** The folder drizzle-kit wrote the service's migrations to. */
  migrationsFolder: string;
  /** The service that owns them; its journal is `drizzle.__migrations_<service>`. */
  service: string;
}

/** An open database: the drizzle handle plus what the runner needs around it. */
export interface DatabaseHandle {
  readonly driver: DatabaseDriver;
  readonly db: Database;
  migrate(target: MigrationTarget): Promise<void>;
  close(): Promise<void>;
}

/**
 * Each service keeps its own migration journal in the shared `drizzle` schema, so that
 * services sharing one database (embedded, self-hosted) never see each other's history,
 * and the migrator never pre-creates the service's schema (drizzle-kit's first migration
 * does that with a plain CREATE SCHEMA).
 */
export function migrationConfig(target: MigrationTarget) {
  return {
    migrationsFolder: target.migrationsFolder,
    migrationsSchema: 'drizzle',
    migrationsTable: `__migrations_${target.service}`,
  };
}
