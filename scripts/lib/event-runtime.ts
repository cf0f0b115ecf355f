import { SERVICE_NAMES, type ServiceName } from '@edu/contracts';
import type { Logger, PlatformConfig } from '@edu/platform';
import type { Database } from '@edu/platform/db';
import {
  defineOutboxTable,
  type EventBus,
  type OutboxRelay,
  type RunningConsumer,
  type ServiceConsumer,
  startConsumer,
  startOutboxRelay,
  startRetention,
} from '@edu/platform/events';
import { openEventBus } from '@edu/platform/events/open';
import { pgSchema } from 'drizzle-orm/pg-core';

/** The event machinery of one process: the bus, a relay per service outbox, and the consumers. */
export interface EventRuntime {
  bus: EventBus;
  relays: Record<ServiceName, OutboxRelay>;
  startConsumer(consumer: ServiceConsumer): Promise<void>;
  /** Stops consumers first (they finish the event in hand), then relays, then the bus. */
  stop(): Promise<void>;
}

export async function startEventRuntime(options: {
  config: Pick<PlatformConfig, 'KAFKA_BROKERS' | 'KAFKA_PARTITIONS' | 'EVENT_RETENTION_DAYS'>;
  db: Database;
  logger: Logger;
}): Promise<EventRuntime> {
  const { db, logger } = options;
  const bus = await openEventBus(options.config, db, logger.child({ component: 'event-bus' }));
  // Every service keeps its outbox as `<service>.outbox` (the conventions test checks it),
  // so the runner can relay it without reaching into the service's code.
  const outboxes = Object.fromEntries(
    SERVICE_NAMES.map((service) => [service, defineOutboxTable(pgSchema(service))]),
  ) as Record<ServiceName, ReturnType<typeof defineOutboxTable>>;
  const relays = Object.fromEntries(
    SERVICE_NAMES.map((service) => [
      service,
      startOutboxRelay({ db, outbox: outboxes[service], bus, logger: logger.child({ service }) }),
    ]),
  ) as Record<ServiceName, OutboxRelay>;
  // Kafka keeps its own retention (topic settings); the Postgres log and the outboxes are ours.
  const retention = startRetention({
    db,
    logger,
    outboxes: Object.values(outboxes),
    pruneLog: bus.kind === 'postgres-log',
    retainMs: (options.config.EVENT_RETENTION_DAYS ?? 7) * 86_400_000,
    everyMs: 60 * 60 * 1000,
  });
  const consumers: RunningConsumer[] = [];
  return {
    bus,
    relays,
    startConsumer: async (consumer) => {
      consumers.push(
        await startConsumer({
          bus,
          db,
          consumer,
          logger: logger.child({ service: consumer.source }),
          // Follow-up events written by the handlers go out at once, not at the next sweep.
          afterDelivery: relays[consumer.source as ServiceName]?.notify,
        }),
      );
    },
    stop: async () => {
      await retention.stop();
      await Promise.all(consumers.map((consumer) => consumer.stop()));
      await Promise.all(Object.values(relays).map((relay) => relay.stop()));
      await bus.close();
    },
  };
}
