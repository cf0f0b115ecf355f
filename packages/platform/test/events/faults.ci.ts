/**
 * Fault tests of the event machinery against a real PostgreSQL server, with real child
 * processes: heavy, so scripts/test.ts runs this file by its path under CI=true.
 *   TEST_DATABASE_URL=... bun test ./packages/platform/test/events/faults.ci.ts
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { EVENTBUS_MIGRATION_TARGET } from '../../src/events/migrations.ts';
import { createPostgresLogBus } from '../../src/events/postgres-log.ts';
import { startOutboxRelay } from '../../src/events/relay.ts';
import { startConsumer } from '../../src/events/runner.ts';
import { silentLogger } from '../../src/testing.ts';
import { effects, producerOutbox } from './pair/schema.ts';
import { countEffects, createNotes, effectsOf, migratePair, pairConsumer, waitUntil } from './pair.ts';
import { openServerDatabase, setDatabaseOnline } from './server-database.ts';

const serverUrl = process.env.TEST_DATABASE_URL;
const CHILD = new URL('./consumer-process.ts', import.meta.url).pathname;

function spawnConsumer(env: Record<string, string>) {
  return Bun.spawn([process.execPath, CHILD], {
    env: { ...process.env, ...env },
    stdout: 'pipe',
    stderr: 'inherit',
  });
}

async function untilReady(child: ReturnType<typeof spawnConsumer>) {
  const reader = child.stdout.getReader();
  let text = '';
  while (!text.includes('ready')) {
    const { value, done } = await reader.read();
    if (done) throw new Error('the consumer process exited before it was ready');
    text += new TextDecoder().decode(value);
  }
  reader.releaseLock();
}

if (!serverUrl) {
  console.warn('[events] TEST_DATABASE_URL is not set: skipping the event fault tests (CI runs them)');
  describe('event machinery faults', () => {
    test.skip('needs a PostgreSQL server (bash scripts/services up)', () => {});
  });
} else {
  describe('event machinery faults (PostgreSQL server)', () => {
    test('the bus is down while requests commit: nothing is lost, all is delivered when it returns', async () => {
      const service = await openServerDatabase(serverUrl);
      const busDatabase = await openServerDatabase(serverUrl);
      try {
        await migratePair(service);
        await busDatabase.migrate(EVENTBUS_MIGRATION_TARGET);
        const bus = await createPostgresLogBus({ db: busDatabase.db, logger: silentLogger, pollMs: 50 });
        const relay = startOutboxRelay({
          db: service.db,
          outbox: producerOutbox,
          bus,
          logger: silentLogger,
          sweepMs: 100,
        });
        const consumer = await startConsumer({
          bus,
          db: service.db,
          consumer: pairConsumer('faults.down'),
          logger: silentLogger,
        });
        const ids: string[] = [];
        const commit = async (count: number, from: number) => {
          for (let seq = from; seq < from + count; seq++) {
            ids.push(...(await createNotes(service.db, [{ key: `k${seq % 4}`, seq }])));
            relay.notify();
          }
        };
        await commit(50, 0);
        await setDatabaseOnline(serverUrl, busDatabase.name, false);
        await commit(100, 50);
        await new Promise((resolve) => setTimeout(resolve, 500));
        const pending = await service.db
          .select()
          .from(producerOutbox)
          .where(isNull(producerOutbox.publishedAt));
        expect(pending.length).toBeGreaterThan(0);
        await setDatabaseOnline(serverUrl, busDatabase.name, true);
        await waitUntil(
          '150 effects',
          async () => (await countEffects(service.db, 'faults.down', ids)) >= 150,
          30_000,
        );
        await new Promise((resolve) => setTimeout(resolve, 300));
        expect(await countEffects(service.db, 'faults.down', ids)).toBe(150);
        await consumer.stop();
        await relay.stop();
      } finally {
        await setDatabaseOnline(serverUrl, busDatabase.name, true);
        await busDatabase.close();
        await service.close();
      }
    }, 60_000);

    describe('with events published', () => {
      let database: Awaited<ReturnType<typeof openServerDatabase>>;
      const groupKilled = 'faults.killed';
      const groupShared = 'faults.shared';
      const ids: string[] = [];

      beforeAll(async () => {
        database = await openServerDatabase(serverUrl);
        await migratePair(database);
        const bus = await createPostgresLogBus({ db: database.db, logger: silentLogger });
        const relay = startOutboxRelay({
          db: database.db,
          outbox: producerOutbox,
          bus,
          logger: silentLogger,
        });
        for (let batch = 0; batch < 12; batch++) {
          ids.push(
            ...(await createNotes(
              database.db,
              Array.from({ length: 50 }, (_, i) => ({ key: `k${i % 8}`, seq: batch * 50 + i })),
            )),
          );
        }
        await relay.flush();
        await relay.stop();
      });
      afterAll(async () => {
        await database?.close();
      });

      test('a consumer process killed mid-batch: after a restart every event is handled exactly once', async () => {
        const env = { DATABASE_URL: database.url, GROUP: groupKilled, DELAY_MS: '5', LEASE_MS: '1500' };
        const first = spawnConsumer(env);
        await untilReady(first);
        await waitUntil(
          'some effects',
          async () => (await countEffects(database.db, groupKilled, ids)) >= 100,
        );
        first.kill('SIGKILL');
        await first.exited;
        const before = await countEffects(database.db, groupKilled, ids);
        expect(before).toBeLessThan(ids.length);

        const second = spawnConsumer(env);
        try {
          await untilReady(second);
          await waitUntil(
            'every effect',
            async () => (await countEffects(database.db, groupKilled, ids)) >= ids.length,
            60_000,
          );
          await new Promise((resolve) => setTimeout(resolve, 300));
        } finally {
          second.kill('SIGTERM');
          await second.exited;
        }
        const handled = await effectsOf(database.db, groupKilled);
        expect(handled.length).toBe(ids.length);
        expect(new Set(handled.map((effect) => effect.eventId)).size).toBe(ids.length);
        for (let key = 0; key < 8; key++) {
          const seqs = handled.filter((effect) => effect.key === `k${key}`).map((effect) => effect.seq);
          expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
        }
      }, 90_000);

      test('two consumers of one group share the work and handle no event twice', async () => {
        const calls = new Map<string, number>();
        const workers = [];
        for (let worker = 0; worker < 2; worker++) {
          // Separate pools, as separate processes would have: the lease is all that keeps them apart.
          const { openPostgres } = await import('../../src/db/postgres.ts');
          const handle = openPostgres(database.url, { maxConnections: 5 });
          const bus = await createPostgresLogBus({
            db: handle.db,
            logger: silentLogger,
            pollMs: 20,
            batchSize: 20,
            // Each member works at most two of the four partitions at once, so the other member
            // always finds free ones: with four workers, one member could hold every partition
            // and take it back the moment it releases it.
            concurrency: 2,
          });
          let handled = 0;
          const running = await startConsumer({
            bus,
            db: handle.db,
            consumer: pairConsumer(groupShared, {
              // Slow enough (5 ms an event, ~0.8 s in all) that the first consumer cannot finish
              // the 600 events before the second one has started: both must get a share.
              delayMs: 5,
              onHandled: (eventId) => {
                handled++;
                calls.set(eventId, (calls.get(eventId) ?? 0) + 1);
              },
            }),
            logger: silentLogger,
          });
          workers.push({ handle, running, handled: () => handled });
        }
        try {
          await waitUntil(
            'every effect',
            async () => (await countEffects(database.db, groupShared, ids)) >= ids.length,
            60_000,
          );
          await new Promise((resolve) => setTimeout(resolve, 300));
        } finally {
          for (const worker of workers) await worker.running.stop();
          for (const worker of workers) await worker.handle.close();
        }
        expect(await countEffects(database.db, groupShared, ids)).toBe(ids.length);
        expect([...calls.values()].every((count) => count === 1)).toBe(true);
        expect(calls.size).toBe(ids.length);
        for (const worker of workers) expect(worker.handled()).toBeGreaterThan(0);
        const duplicates = await database.db
          .select({ eventId: effects.eventId, count: sql<number>`count(*)` })
          .from(effects)
          .where(and(eq(effects.consumer, groupShared)))
          .groupBy(effects.eventId)
          .having(sql`count(*) > 1`);
        expect(duplicates).toEqual([]);
      }, 90_000);
    });
  });
}
