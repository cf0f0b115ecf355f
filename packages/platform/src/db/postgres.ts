import { SQL } from 'bun';
import { drizzle } from 'drizzle-orm/bun-sql';
import { migrate } from 'drizzle-orm/bun-sql/migrator';
import { type Database, type DatabaseHandle, migrationConfig } from './index.ts';

/**
 * A PostgreSQL server over TCP (self-hosted topology), through Bun's built-in client (Bun.SQL).
 * We chose it over node-postgres for the hot paths: it pipelines and prepares statements, so a
 * query costs the process about a third of the CPU and the server skips parsing and planning
 * repeats (bench/events.ts, live: ~1,270 → ~1,600–2,000 events/s end to end on 2 cores).
 */
export function openPostgres(
  url: string,
  options: { maxConnections?: number } = {},
): DatabaseHandle & { client: SQL } {
  const client = new SQL({
    url,
    max: options.maxConnections ?? 10,
    idleTimeout: 30,
    connectionTimeout: 5,
  });
  const db = drizzle({ client });
  return {
    driver: 'postgres',
    // drizzle's Bun.SQL database is a PgDatabase like the others; its result type differs.
    db: db as unknown as Database,
    client,
    migrate: (target) => migrate(db, migrationConfig(target)),
    close: () => client.close(),
  };
}
