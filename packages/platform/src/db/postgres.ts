import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { type DatabaseHandle, migrationConfig } from './index.ts';

/** A PostgreSQL server over TCP (self-hosted topology), through a `pg` connection pool. */
export function openPostgres(
  url: string,
  options: { maxConnections?: number } = {},
): DatabaseHandle & { pool: pg.Pool } {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.maxConnections ?? 10,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
  });
  // An idle client that loses its server must not crash the process; the pool replaces it.
  pool.on('error', () => {});
  // Nor may a checked-out one (e.g. idle in a transaction when the server restarts): its next
  // query fails, and that error reaches the caller, who retries.
  pool.on('connect', (client) => {
    client.on('error', () => {});
  });
  const db = drizzle({ client: pool });
  return {
    driver: 'postgres',
    db,
    pool,
    migrate: (target) => migrate(db, migrationConfig(target)),
    close: () => pool.end(),
  };
}
