/**
 * The consumer side of bench/events.ts in its own process (`--child`), as a deployed consumer
 * would run: its own connection pool, its own event loop.
 *   DATABASE_URL=... GROUP=... TRANSPORT=postgres|kafka [KAFKA_BROKERS=...] [PARTITIONS=8]
 *   Postgres log knobs, to explore by hand (bench/events.ts passes its environment on):
 *   [CONSUMER_CONCURRENCY=<partitions>] workers, [LINGER_MS=25] pause after a short batch
 * Prints `ready` once it consumes; SIGTERM stops it.
 */
import { createLogger } from '@edu/platform';
import { openPostgres } from '@edu/platform/db/postgres';
import { createPostgresLogBus, type EventBus, startConsumer } from '@edu/platform/events';
import { pairConsumer } from '../packages/platform/test/events/pair.ts';

const url = process.env.DATABASE_URL;
const group = process.env.GROUP;
if (!url || !group) throw new Error('DATABASE_URL and GROUP are required');
const partitions = Number(process.env.PARTITIONS ?? 8);
const logger = createLogger({ level: 'warn', bindings: { role: 'bench-consumer' } });
const database = openPostgres(url, { maxConnections: partitions + 2 });

let bus: EventBus;
if (process.env.TRANSPORT === 'kafka') {
  const { createKafkaBus } = await import('@edu/platform/events/kafka');
  bus = await createKafkaBus({
    brokers: (process.env.KAFKA_BROKERS ?? '').split(','),
    partitions,
    logger,
    clientId: 'bench-consumer',
    newGroupsStartAt: 'latest',
  });
} else {
  // Another process publishes, so nothing wakes this one: it polls the log often.
  bus = await createPostgresLogBus({
    db: database.db,
    logger,
    partitions,
    concurrency: Number(process.env.CONSUMER_CONCURRENCY ?? partitions),
    pollMs: 20,
    ...(process.env.LINGER_MS ? { lingerMs: Number(process.env.LINGER_MS) } : {}),
  });
}
const consumer = await startConsumer({ bus, db: database.db, consumer: pairConsumer(group), logger });
console.log('ready');

process.on('SIGTERM', async () => {
  await consumer.stop();
  await bus.close();
  await database.close();
  process.exit(0);
});
