import { createPostgresLogBus } from '../../src/events/postgres-log.ts';
import { silentLogger } from '../../src/testing.ts';
import { describeEventBusContract } from './contract.ts';

// PGlite in `bun test`; the PostgreSQL server when TEST_DATABASE_URL is set (scripts/test.ts).
describeEventBusContract('Postgres log', (database) =>
  createPostgresLogBus({ db: database.db, logger: silentLogger, pollMs: 50 }),
);
