import { afterAll, beforeAll, expect, test } from 'bun:test';
import { type EventEnvelope, newId, type Topic } from '@edu/contracts';
import { asc } from 'drizzle-orm';
import type { DatabaseHandle } from '../../src/db/index.ts';
import type { BusMessage, EventBus } from '../../src/events/bus.ts';
import { log } from '../../src/events/bus-schema.ts';
import { createPostgresLogBus } from '../../src/events/postgres-log.ts';
import { openTestDatabase, silentLogger } from '../../src/testing.ts';
import { migratePair } from './pair.ts';

/**
 * Publishing to the Postgres log is one statement that locks the batch's partitions in one
 * global order. Many publishers at once (every service's relay, in one database) must neither
 * deadlock nor hand out an offset twice, and each key's events keep the order they were sent in.
 * PGlite in `bun test`; the PostgreSQL server (real concurrency) when TEST_DATABASE_URL is set.
 */
let database: DatabaseHandle;
let bus: EventBus;
beforeAll(async () => {
  database = await openTestDatabase();
  await migratePair(database);
  bus = await createPostgresLogBus({ db: database.db, logger: silentLogger, partitions: 4 });
});
afterAll(async () => {
  await bus.close();
  await database.close();
});

function message(topic: Topic, key: string, seq: number): BusMessage {
  const envelope: EventEnvelope = {
    id: newId(),
    type: topic === 'course-events' ? 'COURSE_CREATED' : 'USER_CREATED',
    data: { key, seq },
    metadata: { timestamp: new Date().toISOString(), correlationId: `publisher-${seq}`, source: 'test' },
  };
  return { topic, key, envelope };
}

/** Rows grouped by a key, each group in the rows' order. */
function groupBy<Row>(rows: Row[], keyOf: (row: Row) => string | number): Map<string | number, Row[]> {
  const groups = new Map<string | number, Row[]>();
  for (const row of rows) groups.set(keyOf(row), [...(groups.get(keyOf(row)) ?? []), row]);
  return groups;
}

test('concurrent publishers to overlapping partitions: no deadlock, no offset twice, order kept per key', async () => {
  const publishers = 12;
  const batches = 10;
  const keys = Array.from({ length: 16 }, (_, index) => `key-${index}`);
  await Promise.all(
    Array.from({ length: publishers }, async (_, publisher) => {
      for (let batch = 0; batch < batches; batch++) {
        // Each batch spans many partitions of two topics, in an order that differs per publisher.
        const order = publisher % 2 === 0 ? keys : [...keys].reverse();
        await bus.publish(
          order.flatMap((key, index) => [
            message('course-events', key, (publisher * batches + batch) * 100 + index),
            message('user-events', key, (publisher * batches + batch) * 100 + index),
          ]),
        );
      }
    }),
  );

  const rows = await database.db
    .select({
      topic: log.topic,
      partition: log.partition,
      offset: log.offset,
      key: log.key,
      envelope: log.envelope,
    })
    .from(log)
    .orderBy(asc(log.topic), asc(log.partition), asc(log.offset));
  expect(rows).toHaveLength(publishers * batches * keys.length * 2);

  // Every partition's offsets run 1, 2, 3, … with no gap and no repeat.
  const byPartition = groupBy(rows, (row) => `${row.topic}/${row.partition}`);
  for (const partitionRows of byPartition.values()) {
    expect(partitionRows.map((row) => row.offset)).toEqual(partitionRows.map((_, index) => index + 1));
  }
  // Within one publisher's stream, a key's events appear in the order they were published.
  const seqOf = (row: (typeof rows)[number]) => Number((row.envelope as { data: { seq: number } }).data.seq);
  for (const [, keyRows] of groupBy(rows, (row) => `${row.topic}/${row.key}`)) {
    const byPublisher = groupBy(keyRows, (row) => Math.floor(seqOf(row) / (batches * 100)));
    for (const publisherRows of byPublisher.values()) {
      const seqs = publisherRows.map(seqOf);
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    }
  }
});

test('an event id already in the log is skipped, not appended twice', async () => {
  const once = message('course-events', 'dedupe-key', 1);
  await bus.publish([once]);
  await bus.publish([once, message('course-events', 'dedupe-key', 2)]);
  const rows = await database.db.select({ eventId: log.eventId }).from(log);
  expect(rows.filter((row) => row.eventId === once.envelope.id)).toHaveLength(1);
});
