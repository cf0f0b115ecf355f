import type { Cache } from '@edu/platform/cache';
import type { Database } from '@edu/platform/db';
import type { NotificationsRuntime } from '../adapters/runtime.ts';

/**
 * What the routes' operations are given: the database, the cache (realtime tickets) and the
 * service's runtime (settings and adapters), built once per runner's deps.
 */
export interface NotificationsDeps {
  db: Database;
  cache: Cache;
  runtime: NotificationsRuntime;
}
