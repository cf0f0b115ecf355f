/**
 * Two Kafka consumers of one group, the second joining mid-stream: the rebalance lets the
 * first finish and commit what it handled, and no event has two effects. Needs a real broker
 * (TEST_KAFKA_BROKERS); scripts/test.ts runs this file by its path under CI=true.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import type { DatabaseHandle } from '../../src/db/index.ts';
import type { EventBus } from '../../src/events/bus.ts';
import { createKafkaBus } from '../../src/events/kafka.ts';
import { startOutboxRelay } from '../../src/events/relay.ts';
import { type RunningConsumer, startConsumer } from '../../src/events/runner.ts';
import { openTestDatabase, silentLogger } from '../../src/testing.ts';
import { producerOutbox } from './pair/schema.ts';
import { countEffects, createNotes, effectsOf, migratePair, pairConsumer, waitUntil } from './pair.ts';

const brokers = process.env.TEST_KAFKA_BROKERS;

if (!brokers) {
  console.warn('[kafka] TEST_KAFKA_BROKERS is not set: skipping the Kafka consumer group test (CI runs it)');
  describe('kafka consumer group', () => {
    test.skip('needs TEST_KAFKA_BROKERS (bash scripts/services kafka)', () => {});
  });
} else {
  describe('kafka consumer group', () => {
    let database: DatabaseHandle;
    const buses: EventBus[] = [];
    const openBus = async () => {
      const bus = await createKafkaBus({
        brokers: brokers.split(','),
        partitions: 3,
        logger: silentLogger,
        clientId: 'group-test',
        newGroupsStartAt: 'latest',
      });
      buses.push(bus);
      return bus;
    };

    beforeAll(async () => {
      database = await openTestDatabase();
      await migratePair(database);
    }, 60_000);
    afterAll(async () => {
      for (const bus of buses) await bus.close();
      await database?.close();
    });

    test('a member joining mid-stream shares the partitions, and no event is handled twice', async () => {
      const group = `test.rebalance.${Date.now()}`;
      const handledBy: Record<0 | 1, number> = { 0: 0, 1: 0 };
      const consumers: RunningConsumer[] = [];
      const start = async (member: 0 | 1) => {
        consumers.push(
          await startConsumer({
            bus: await openBus(),
            db: database.db,
            logger: silentLogger,
            // Slow handlers keep the first member busy while the second joins.
            consumer: pairConsumer(group, {
              delayMs: 10,
              onHandled: () => {
                handledBy[member] += 1;
              },
            }),
          }),
        );
      };
      try {
        await start(0);
        const publisher = await openBus();
        const relay = startOutboxRelay({
          db: database.db,
          outbox: producerOutbox,
          bus: publisher,
          logger: silentLogger,
        });
        const ids: string[] = [];
        for (let batch = 0; batch < 45; batch++) {
          ids.push(
            ...(await createNotes(
              database.db,
              Array.from({ length: 40 }, (_, i) => ({ key: `${group}:${i % 12}`, seq: batch * 40 + i })),
            )),
          );
        }
        await relay.flush();
        await relay.stop();
        await waitUntil(
          'the first effects',
          async () => (await countEffects(database.db, group, ids)) >= 50,
          30_000,
        );
        await start(1);
        await waitUntil(
          'every effect',
          async () => (await countEffects(database.db, group, ids)) >= ids.length,
          90_000,
        );
        await new Promise((resolve) => setTimeout(resolve, 500));

        const handled = await effectsOf(database.db, group);
        expect(handled.length).toBe(ids.length);
        expect(new Set(handled.map((effect) => effect.eventId)).size).toBe(ids.length);
        for (let key = 0; key < 12; key++) {
          const seqs = handled
            .filter((effect) => effect.key === `${group}:${key}`)
            .map((effect) => effect.seq);
          expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
        }
        console.error(
          `[kafka] rebalance test: member 1 handled ${handledBy[0]}, member 2 handled ${handledBy[1]} of ${ids.length}`,
        );
        expect(handledBy[1]).toBeGreaterThan(0);
      } finally {
        for (const consumer of consumers) await consumer.stop();
      }
    }, 120_000);
  });
}
