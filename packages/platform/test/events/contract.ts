/**
 * The contract every event bus transport passes (Postgres log, Kafka): publish → consume,
 * duplicates ignored, order per key, poison events to the dead letters without blocking
 * the topic, and replay from the dead letters.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { newId } from '@edu/contracts';
import { isNotNull } from 'drizzle-orm';
import type { DatabaseHandle } from '../../src/db/index.ts';
import type { EventBus } from '../../src/events/bus.ts';
import { handleEventOnce } from '../../src/events/consumer.ts';
import { listDeadLetters, requestReplay } from '../../src/events/dead-letters.ts';
import { type OutboxRelay, startOutboxRelay } from '../../src/events/relay.ts';
import { startConsumer } from '../../src/events/runner.ts';
import { openTestDatabase, silentLogger } from '../../src/testing.ts';
import { producerOutbox } from './pair/schema.ts';
import { countEffects, createNotes, effectsOf, migratePair, pairConsumer, waitUntil } from './pair.ts';

/** Kafka joins a group in seconds, not milliseconds; give every case room on a busy 2-core machine. */
const CASE_TIMEOUT_MS = 60_000;
const FAST_RETRY = { attempts: 3, baseDelayMs: 10, maxDelayMs: 50 };

export function describeEventBusContract(
  name: string,
  openBus: (database: DatabaseHandle) => Promise<EventBus>,
) {
  describe(`event bus contract: ${name}`, () => {
    let database: DatabaseHandle;
    let bus: EventBus;
    let relay: OutboxRelay;

    beforeAll(async () => {
      database = await openTestDatabase();
      await migratePair(database);
      bus = await openBus(database);
      relay = startOutboxRelay({
        db: database.db,
        outbox: producerOutbox,
        bus,
        logger: silentLogger,
        sweepMs: 100,
      });
    }, CASE_TIMEOUT_MS);
    afterAll(async () => {
      await relay?.stop();
      await bus?.close();
      await database?.close();
    });

    const publishNotes = async (input: Parameters<typeof createNotes>[1]) => {
      const ids = await createNotes(database.db, input);
      relay.notify();
      return ids;
    };
    const uniqueGroup = (label: string) => `test.${label}.${newId().slice(-8)}`;

    test(
      'a committed event reaches the consumer, with its envelope intact',
      async () => {
        const group = uniqueGroup('basic');
        const prefix = `${group}:`;
        const running = await startConsumer({
          bus,
          db: database.db,
          consumer: pairConsumer(group),
          logger: silentLogger,
        });
        try {
          const ids = await publishNotes(
            Array.from({ length: 30 }, (_, seq) => ({ key: `${prefix}${seq % 3}`, seq })),
          );
          await waitUntil('30 effects', async () => (await countEffects(database.db, group, ids)) === 30);
          const handled = await effectsOf(database.db, group, prefix);
          expect(new Set(handled.map((effect) => effect.eventId))).toEqual(new Set(ids));
        } finally {
          await running.stop();
        }
      },
      CASE_TIMEOUT_MS,
    );

    test(
      'a redelivered event changes nothing (inbox)',
      async () => {
        const group = uniqueGroup('dupes');
        const prefix = `${group}:`;
        const running = await startConsumer({
          bus,
          db: database.db,
          consumer: pairConsumer(group),
          logger: silentLogger,
        });
        try {
          const ids = await publishNotes(
            Array.from({ length: 20 }, (_, seq) => ({ key: `${prefix}${seq % 2}`, seq })),
          );
          await waitUntil('20 effects', async () => (await countEffects(database.db, group, ids)) === 20);
          // As if the relay crashed after publishing but before marking: everything is sent again.
          await database.db
            .update(producerOutbox)
            .set({ publishedAt: null })
            .where(isNotNull(producerOutbox.seq));
          await relay.flush();
          const marker = await publishNotes([{ key: `${prefix}marker`, seq: 0 }]);
          await waitUntil('the marker', async () => (await countEffects(database.db, group, marker)) === 1);
          expect(await countEffects(database.db, group, ids)).toBe(20);
        } finally {
          await running.stop();
        }
      },
      CASE_TIMEOUT_MS,
    );

    test(
      'handleEventOnce runs a handler once per event id',
      async () => {
        const group = uniqueGroup('once');
        const consumer = pairConsumer(group);
        const event = {
          id: newId(),
          type: 'COURSE_CREATED' as const,
          data: { key: `${group}:k`, seq: 1 },
          metadata: { timestamp: new Date().toISOString(), correlationId: 'req-1', source: 'test' },
        };
        expect(await handleEventOnce(database.db, consumer, event, silentLogger)).toBe(true);
        expect(await handleEventOnce(database.db, consumer, event, silentLogger)).toBe(false);
        expect(await countEffects(database.db, group, [event.id])).toBe(1);
      },
      CASE_TIMEOUT_MS,
    );

    test(
      'events of one key are handled in the order they were committed',
      async () => {
        const group = uniqueGroup('order');
        const prefix = `${group}:`;
        const running = await startConsumer({
          bus,
          db: database.db,
          consumer: pairConsumer(group),
          logger: silentLogger,
        });
        try {
          const ids: string[] = [];
          // Many small commits, interleaving keys, as concurrent requests would.
          for (let seq = 0; seq < 40; seq++) {
            ids.push(
              ...(await publishNotes([0, 1, 2, 3, 4].map((key) => ({ key: `${prefix}${key}`, seq })))),
            );
          }
          await waitUntil(
            '200 effects',
            async () => (await countEffects(database.db, group, ids)) === 200,
            30_000,
          );
          const handled = await effectsOf(database.db, group, prefix);
          for (let key = 0; key < 5; key++) {
            const seqs = handled
              .filter((effect) => effect.key === `${prefix}${key}`)
              .map((effect) => effect.seq);
            expect(seqs).toEqual(Array.from({ length: 40 }, (_, seq) => seq));
          }
        } finally {
          await running.stop();
        }
      },
      CASE_TIMEOUT_MS,
    );

    test(
      'a poison event goes to the dead letters after N tries, the topic keeps flowing, and replay works',
      async () => {
        const group = uniqueGroup('poison');
        const prefix = `${group}:`;
        let healed = false;
        const consumer = pairConsumer(group, { isHealed: () => healed });
        const running = await startConsumer({
          bus,
          db: database.db,
          consumer,
          logger: silentLogger,
          retry: FAST_RETRY,
          replayPollMs: 50,
        });
        try {
          const before = await publishNotes([{ key: `${prefix}a`, seq: 0 }]);
          const [poisonId] = await publishNotes([{ key: `${prefix}a`, seq: 1, poison: true }]);
          const after = await publishNotes(
            Array.from({ length: 20 }, (_, seq) => ({
              key: `${prefix}${seq % 2 ? 'a' : 'b'}`,
              seq: seq + 2,
            })),
          );
          await waitUntil(
            'the healthy events',
            async () => (await countEffects(database.db, group, [...before, ...after])) === 21,
          );
          // Kafka keeps earlier runs' topics, so this group may also see their poison: look for ours.
          const ourLetter = async () =>
            (await listDeadLetters(database.db, { group })).find((letter) => letter.eventId === poisonId);
          await waitUntil('the dead letter', async () => (await ourLetter()) !== undefined);
          const letter = await ourLetter();
          expect(letter).toMatchObject({
            attempts: 3,
            status: 'dead',
            key: `${prefix}a`,
            topic: 'course-events',
          });
          expect(letter?.error).toContain('poison note');
          expect(await countEffects(database.db, group, [poisonId ?? ''])).toBe(0);

          healed = true;
          expect(await requestReplay(database.db, { ids: [letter?.id ?? 0] })).toBe(1);
          await waitUntil(
            'the replayed event',
            async () => (await countEffects(database.db, group, [poisonId ?? ''])) === 1,
          );
          await waitUntil(
            'the dead letter marked replayed',
            async () => (await ourLetter())?.status === 'replayed',
          );
          // Replaying it again finds nothing dead and changes nothing.
          expect(await requestReplay(database.db, { ids: [letter?.id ?? 0] })).toBe(0);
        } finally {
          await running.stop();
        }
      },
      CASE_TIMEOUT_MS,
    );
  });
}
