import { pgSchema } from 'drizzle-orm/pg-core';
import type { PlatformConfig } from '../config.ts';
import type { Database } from '../db/index.ts';
import type { EventBus } from '../events/bus.ts';
import type { ServiceConsumer } from '../events/consumer.ts';
import { openEventBus } from '../events/open.ts';
import { type OutboxRelay, startOutboxRelay } from '../events/relay.ts';
import { startRetention } from '../events/retention.ts';
import { type RunningConsumer, startConsumer } from '../events/runner.ts';
import { defineOutboxTable } from '../events/tables.ts';
import type { Logger } from '../logger.ts';

/** The event machinery of one process: the bus, a relay per service outbox, and the consumers. */
export interface EventRuntime {
  bus: EventBus;
  /** The relay of each service's outbox, by service (schema) name. */
  relays: Map<string, OutboxRelay>;
  startConsumer(consumer: ServiceConsumer): Promise<void>;
  /** Stops consumers first (they finish the event in hand), then relays, then the bus. */
  stop(): Promise<void>;
}

/**
 * Starts the bus (Kafka when KAFKA_BROKERS is set, else the Postgres log in `db`), a relay for
 * each of `services`' outboxes and the retention job; consumers are started one by one after.
 */
export async function startEventRuntime(options: {
  config: Pick<PlatformConfig, 'KAFKA_BROKERS' | 'KAFKA_PARTITIONS' | 'EVENT_RETENTION_DAYS'>;
  db: Database;
  logger: Logger;
  /** The services whose outboxes this process relays (their schema names). */
  services: string[];
}): Promise<EventRuntime> {
  const { db, logger } = options;
  const bus = await openEventBus(options.config, db, logger.child({ component: 'event-bus' }));
  // Every service keeps its outbox as `<service>.outbox` (the conventions test checks it),
  // so the runner can relay it without reaching into the service's code.
  const outboxes = options.services.map(
    (service) => [service, defineOutboxTable(pgSchema(service))] as const,
  );
  const relays = new Map(
    outboxes.map(([service, outbox]) => [
      service,
      startOutboxRelay({ db, outbox, bus, logger: logger.child({ service }) }),
    ]),
  );
  // Kafka keeps its own retention (topic settings); the Postgres log and the outboxes are ours.
  const retention = startRetention({
    db,
    logger,
    outboxes: outboxes.map(([, outbox]) => outbox),
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
          afterDelivery: relays.get(consumer.source)?.notify,
        }),
      );
    },
    stop: async () => {
      await retention.stop();
      await Promise.all(consumers.map((consumer) => consumer.stop()));
      await Promise.all([...relays.values()].map((relay) => relay.stop()));
      await bus.close();
    },
  };
}
