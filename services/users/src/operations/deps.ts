import type { Database } from '@edu/platform/db';

/** What the users service's operations need: its own database, and nothing of other services. */
export interface UsersDeps {
  db: Database;
}
