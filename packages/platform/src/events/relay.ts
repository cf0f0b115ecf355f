import { EventEnvelopeSchema, type Topic } from '@edu/contracts';
import { asc, inArray, isNull } from 'drizzle-orm';
import type { Database } from '../db/index.ts';
import type { Logger } from '../logger.ts';
import { createWakeup, type EventBus, pause } from './bus.ts';
import type { OutboxTable } from './outbox.ts';

export interface RelayOptions {
  db: Database;
  outbox: OutboxTable;
  bus: EventBus;
  logger: Logger;
  /** The sweep that finds rows nobody nudged the relay for (e.g. after a crash). */
  sweepMs?: number;
  batchSize?: number;
  /**
   * How long to wait after a nudge before publishing, so commits arriving together leave in
   * one batch (like Kafka's linger.ms): fewer round trips per event under load, a few ms of latency.
   */
  lingerMs?: number;
}

export interface OutboxRelay {
  /** Wakes the relay now: call it right after a transaction that appended events commits. */
  notify(): void;
  /** Publishes everything pending, then resolves (tests, shutdown). */
  flush(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Publishes a service's outbox to the bus in commit order and marks rows sent. It runs when
 * nudged and every `sweepMs`, so a crash between commit and publish only delays delivery;
 * if the bus is down it keeps the rows and tries again with backoff. A crash between publish
 * and marking sends a row twice: the bus and the consumers' inboxes absorb that.
 * Run one relay per outbox per process.
 *
 * @example
 * const relay = startOutboxRelay({ db, outbox, bus, logger });
 * await db.transaction(async (tx) => { ...; await appendToOutbox(tx, outbox, events, origin); });
 * relay.notify();
 */
export function startOutboxRelay(options: RelayOptions): OutboxRelay {
  const { db, outbox, bus } = options;
  const sweepMs = options.sweepMs ?? 1_000;
  const batchSize = options.batchSize ?? 500;
  const lingerMs = options.lingerMs ?? 5;
  const logger = options.logger.child({ component: 'outbox-relay' });
  const wakeup = createWakeup();
  const stopping = new AbortController();
  let failures = 0;
  let running: Promise<number> | undefined;

  /** Publishes one batch; returns how many rows it sent. */
  const publishBatch = async (): Promise<number> => {
    const rows = await db
      .select()
      .from(outbox)
      .where(isNull(outbox.publishedAt))
      .orderBy(asc(outbox.seq))
      .limit(batchSize);
    if (rows.length === 0) return 0;
    const messages = rows.map((row) => ({
      topic: row.topic as Topic,
      key: row.key,
      envelope: EventEnvelopeSchema.parse(row.envelope),
    }));
    await bus.publish(messages);
    await db
      .update(outbox)
      .set({ publishedAt: new Date() })
      .where(
        inArray(
          outbox.seq,
          rows.map((row) => row.seq),
        ),
      );
    for (const { envelope, topic } of messages) {
      logger.debug('event published', {
        correlationId: envelope.metadata.correlationId,
        eventId: envelope.id,
        eventType: envelope.type,
        topic,
      });
    }
    return rows.length;
  };

  /** Drains the outbox; only one drain runs at a time, later callers share it. */
  const drain = (): Promise<number> => {
    running ??= (async () => {
      let sent = 0;
      try {
        for (let batch = await publishBatch(); batch > 0; batch = await publishBatch()) sent += batch;
      } finally {
        running = undefined;
      }
      return sent;
    })();
    return running;
  };

  const loop = (async () => {
    while (!stopping.signal.aborted) {
      try {
        await drain();
        failures = 0;
        await wakeup.wait(sweepMs, stopping.signal);
        if (lingerMs > 0) await pause(lingerMs, stopping.signal);
      } catch (error) {
        failures++;
        logger.warn('outbox relay could not publish, retrying', { failures, error });
        // Commits keep nudging while the bus is down; the backoff ignores them.
        await pause(Math.min(100 * 2 ** failures, sweepMs * 10), stopping.signal);
      }
    }
  })();

  return {
    notify: () => wakeup.notify(),
    flush: async () => {
      // A drain already under way may have looked before the caller's commit: run one more.
      await running?.catch(() => 0);
      await drain();
    },
    stop: async () => {
      stopping.abort();
      await loop;
      await running?.catch(() => 0);
    },
  };
}
