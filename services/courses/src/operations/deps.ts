import type { Logger, ServiceDeps } from '@edu/platform';
import type { Database } from '@edu/platform/db';
import { createReadCache, type ReadCache } from '../adapters/read-cache.ts';
import { createProgressClient, type ProgressClient } from '../clients/progress.ts';
import { createUsersClient, type UsersClient } from '../clients/users.ts';

/** What the courses service's operations work with, built once per app from its deps. */
export interface CoursesDeps {
  db: Database;
  /** Cached reads of courses, lesson lists and catalog pages; every committed change makes them stale. */
  cache: ReadCache;
  log: Logger;
  users: UsersClient;
  progress: ProgressClient;
}

export function createCoursesDeps(deps: ServiceDeps): CoursesDeps {
  return {
    db: deps.db,
    cache: createReadCache(deps.cache, deps.logger),
    log: deps.logger,
    users: createUsersClient(deps),
    progress: createProgressClient(deps),
  };
}
