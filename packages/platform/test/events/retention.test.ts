import { afterAll, beforeAll, expect, test } from 'bun:test';
import { and, eq, isNotNull, sql } from 'drizzle-orm';
import { type DatabaseHandle, queryRows } from '../../src/db/index.ts';
import type { EventBus } from '../../src/events/bus.ts';
import { log } from '../../src/events/bus-schema.ts';
import { createPostgresLogBus } from '../../src/events/postgres-log.ts';
import { startOutboxRelay } from '../../src/events/relay.ts';
import { pruneEventLog, pruneOutbox } from '../../src/events/retention.ts';
import { type RunningConsumer, startConsumer } from '../../src/events/runner.ts';
import { openTestDatabase, silentLogger } from '../../src/testing.ts';
import { producerOutbox } from './pair/schema.ts';
import { createNotes, migratePair, pairConsumer, waitUntil } from './pair.ts';

/** Retention: handled events leave the log and the outbox after their time; nothing undelivered does. */
let database: DatabaseHandle;
let bus: EventBus;
beforeAll(async () => {
  database = await openTestDatabase();
  await migratePair(database);
  bus = await createPostgresLogBus({ db: database.db, logger: silentLogger, pollMs: 50 });
});
afterAll(async () => {
  await bus.close();
  await database.close();
});

const logRowsOf = async (eventIds: string[]) =>
  (await database.db.select({ eventId: log.eventId }).from(log)).filter((row) =>
    eventIds.includes(row.eventId),
  );

test('events every group has handled are pruned once old enough; events a group has not reached are kept', async () => {
  const { db } = database;
  const fast = `retention.fast.${Date.now()}`;
  const slow = `retention.slow.${Date.now()}`;
  // The slow group exists (it has offsets) but is not running: it has handled nothing.
  const slowConsumer = await startConsumer({ bus, db, logger: silentLogger, consumer: pairConsumer(slow) });
  await slowConsumer.stop();
  const fastConsumer: RunningConsumer = await startConsumer({
    bus,
    db,
    logger: silentLogger,
    consumer: pairConsumer(fast),
  });
  const relay = startOutboxRelay({ db, outbox: producerOutbox, bus, logger: silentLogger });
  const ids = await createNotes(
    db,
    Array.from({ length: 5 }, (_, seq) => ({ key: `retention-${seq}`, seq })),
  );
  relay.notify();
  await relay.flush();
  await waitUntil('the fast group to handle every event', async () => {
    const [row] = await queryRows<{ count: number }>(
      db,
      sql`select count(*)::int as count from evt_consumer.effects where consumer = ${fast}`,
    );
    return Number(row?.count) === ids.length;
  });
  await fastConsumer.stop();
  await relay.stop();

  // Old enough (retention 0), but the slow group has not handled them: all kept.
  await pruneEventLog(db, 0);
  expect((await logRowsOf(ids)).length).toBe(ids.length);

  // Once every group is past them, they go; a long retention keeps them a while longer.
  const slowAgain = await startConsumer({ bus, db, logger: silentLogger, consumer: pairConsumer(slow) });
  await waitUntil('the slow group to catch up', async () => {
    const [row] = await queryRows<{ count: number }>(
      db,
      sql`select count(*)::int as count from evt_consumer.effects where consumer = ${slow}`,
    );
    return Number(row?.count) === ids.length;
  });
  await slowAgain.stop();
  await pruneEventLog(db, 60 * 60 * 1000);
  expect((await logRowsOf(ids)).length).toBe(ids.length);
  expect(await pruneEventLog(db, 0)).toBeGreaterThanOrEqual(ids.length);
  expect(await logRowsOf(ids)).toEqual([]);
}, 30_000);

test('published outbox rows older than the retention are pruned; unpublished ones never', async () => {
  const { db } = database;
  const [unpublished] = await createNotes(db, [{ key: 'retention-pending', seq: 1 }]);
  await db
    .update(producerOutbox)
    .set({ publishedAt: new Date(Date.now() - 10_000) })
    .where(isNotNull(producerOutbox.eventId));
  await db
    .update(producerOutbox)
    .set({ publishedAt: null })
    .where(eq(producerOutbox.eventId, String(unpublished)));
  expect(await pruneOutbox(db, producerOutbox, 60_000)).toBe(0);
  expect(await pruneOutbox(db, producerOutbox, 1_000)).toBeGreaterThan(0);
  const left = await db.select({ eventId: producerOutbox.eventId }).from(producerOutbox);
  expect(left).toEqual([{ eventId: String(unpublished) }]);
  expect(
    await db.$count(
      producerOutbox,
      and(eq(producerOutbox.eventId, String(unpublished)), isNotNull(producerOutbox.seq)),
    ),
  ).toBe(1);
});
