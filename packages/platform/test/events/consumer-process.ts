/**
 * A consumer of the test pair in its own process, for the fault tests that kill it:
 *   DATABASE_URL=... GROUP=... [DELAY_MS=5] [LEASE_MS=2000] bun consumer-process.ts
 * Uses the Postgres log in DATABASE_URL. Prints `ready` once consuming; SIGTERM stops it cleanly.
 */
import { openPostgres } from '../../src/db/postgres.ts';
import { createPostgresLogBus } from '../../src/events/postgres-log.ts';
import { startConsumer } from '../../src/events/runner.ts';
import { createLogger } from '../../src/logger.ts';
import { pairConsumer } from './pair.ts';

const url = process.env.DATABASE_URL;
const group = process.env.GROUP;
if (!url || !group) throw new Error('DATABASE_URL and GROUP are required');

const logger = createLogger({ level: 'warn', bindings: { pid: process.pid } });
const database = openPostgres(url);
const bus = await createPostgresLogBus({
  db: database.db,
  logger,
  pollMs: 50,
  leaseMs: Number(process.env.LEASE_MS ?? 2_000),
  batchSize: 50,
});
const consumer = await startConsumer({
  bus,
  db: database.db,
  consumer: pairConsumer(group, { delayMs: Number(process.env.DELAY_MS ?? 0) }),
  logger,
});
console.log('ready');

process.on('SIGTERM', async () => {
  await consumer.stop();
  await bus.close();
  await database.close();
  process.exit(0);
});
