/**
 * `npm run events:lag`: how far behind every consumer group is, per topic partition, on the
 * configured transport (Kafka when KAFKA_BROKERS is set, else the Postgres log in DATABASE_URL
 * or the embedded PGlite under DATA_DIR — stop `npm start` first, PGlite allows one process).
 */
import { createLogger, loadConfig } from '@edu/platform';
import { type PartitionLag, postgresLogLag } from '@edu/platform/events';
import { EVENTBUS_MIGRATION_TARGET } from '@edu/platform/events/migrations';
import { EmbeddedSettings, openDatabase } from './lib/platform.ts';

const config = loadConfig(EmbeddedSettings, process.env);

async function readLag(): Promise<{ transport: string; lags: PartitionLag[] }> {
  if (config.KAFKA_BROKERS) {
    const { createKafkaBus } = await import('@edu/platform/events/kafka');
    const logger = createLogger({ level: 'error' });
    const bus = await createKafkaBus({
      brokers: config.KAFKA_BROKERS,
      partitions: config.KAFKA_PARTITIONS,
      logger,
    });
    try {
      return { transport: `kafka (${config.KAFKA_BROKERS.join(',')})`, lags: await bus.lag() };
    } finally {
      await bus.close();
    }
  }
  const database = await openDatabase(config);
  try {
    await database.migrate(EVENTBUS_MIGRATION_TARGET);
    return { transport: `postgres log (${database.driver})`, lags: await postgresLogLag(database.db) };
  } finally {
    await database.close();
  }
}

const { transport, lags } = await readLag();
console.log(`transport: ${transport}`);
console.log(['group', 'topic', 'partition', 'position', 'end', 'lag'].join('\t'));
for (const row of lags) {
  console.log([row.group, row.topic, row.partition, row.position, row.end, row.lag].join('\t'));
}
const totals = new Map<string, number>();
for (const row of lags) totals.set(row.group, (totals.get(row.group) ?? 0) + row.lag);
for (const [group, lag] of totals) console.log(`total\t${group}\t${lag}`);
if (lags.length === 0) console.log('(no consumer groups yet)');
