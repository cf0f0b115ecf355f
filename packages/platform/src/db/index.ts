import type { SQL } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';

/** The database port: a drizzle PostgreSQL database, whichever driver is underneath. */
export type Database = PgDatabase<PgQueryResultHKT>;

/**
 * Runs raw SQL and returns its rows, whichever driver is underneath (PGlite and Neon answer
 * `{ rows }`, Bun.SQL the rows array itself; the shared drizzle type cannot say so).
 */
export async function queryRows<Row extends Record<string, unknown>>(
  db: Database,
  query: SQL,
): Promise<Row[]> {
  const result: unknown = await db.execute(query);
  if (Array.isArray(result)) return result as Row[];
  if (typeof result === 'object' && result !== null && 'rows' in result && Array.isArray(result.rows)) {
    return result.rows as Row[];
  }
  throw new Error('The database driver returned no rows array');
}

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
export { jsonb, readJsonb } from './jsonb.ts';
