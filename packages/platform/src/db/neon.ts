import { Pool } from '@neondatabase/serverless';
import { drizzle } from 'drizzle-orm/neon-serverless';
import { migrate } from 'drizzle-orm/neon-serverless/migrator';
import { type DatabaseHandle, migrationConfig } from './index.ts';

/**
 * Neon over its WebSocket protocol (edge topology): supports transactions, which the
 * outbox needs. On Workers a pool must not outlive its request, so the worker entry
 * opens one per request and closes it in `waitUntil`.
 */
export function openNeon(url: string): DatabaseHandle {
  const pool = new Pool({ connectionString: url });
  const db = drizzle({ client: pool });
  return {
    driver: 'neon',
    db,
    migrate: (target) => migrate(db, migrationConfig(target)),
    close: () => pool.end(),
  };
}
