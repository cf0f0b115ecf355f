import type { PlatformConfig } from '../config.ts';
import type { Database } from '../db/index.ts';
import type { Logger } from '../logger.ts';
import type { EventBus } from './bus.ts';

// A separate entry point (`@edu/platform/events/open`): Workers bundles import
// `@edu/platform/events` for the outbox and must never pull in the Kafka client.

/**
 * Opens the event bus the configuration asks for: Apache Kafka when KAFKA_BROKERS is set,
 * otherwise the Postgres log in `db` (its `eventbus` schema must be migrated).
 */
export async function openEventBus(
  config: Pick<PlatformConfig, 'KAFKA_BROKERS' | 'KAFKA_PARTITIONS'>,
  db: Database,
  logger: Logger,
): Promise<EventBus> {
  if (config.KAFKA_BROKERS) {
    // Loaded only when asked for, so embedded and edge bundles never carry the Kafka client.
    const { createKafkaBus } = await import('./kafka.ts');
    return createKafkaBus({ brokers: config.KAFKA_BROKERS, partitions: config.KAFKA_PARTITIONS, logger });
  }
  const { createPostgresLogBus } = await import('./postgres-log.ts');
  return createPostgresLogBus({ db, logger, partitions: config.KAFKA_PARTITIONS });
}
