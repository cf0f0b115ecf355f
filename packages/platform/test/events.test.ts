import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { type EventData, type EventEnvelope, parseEventData } from '@edu/contracts';
import { count, sql } from 'drizzle-orm';
import { pgSchema, text } from 'drizzle-orm/pg-core';
import type { DatabaseHandle } from '../src/db/index.ts';
import { handleEventOnce, type ServiceConsumer, wasHandled } from '../src/events/consumer.ts';
import { appendToOutbox } from '../src/events/outbox.ts';
import { defineInboxTable, defineOutboxTable } from '../src/events/tables.ts';
import { openTestDatabase, silentLogger } from '../src/testing.ts';

const schema = pgSchema('eventtest');
const outbox = defineOutboxTable(schema);
const inbox = defineInboxTable(schema);
const effects = schema.table('effects', { eventId: text('event_id').notNull() });

let database: DatabaseHandle;
beforeAll(async () => {
  database = await openTestDatabase();
  for (const statement of [
    sql`create schema eventtest`,
    sql`create table eventtest.outbox (seq bigint generated always as identity primary key, event_id text not null unique, topic text not null, type text not null, key text not null, envelope jsonb not null, created_at timestamptz not null default now(), published_at timestamptz)`,
    sql`create table eventtest.inbox (consumer text not null, event_id text not null, handled_at timestamptz not null default now(), primary key (consumer, event_id))`,
    sql`create table eventtest.effects (event_id text not null)`,
  ]) {
    await database.db.execute(statement);
  }
});
afterAll(async () => {
  await database.close();
});

const consumer: ServiceConsumer = {
  group: 'test.effects',
  topics: ['payment-events'],
  inbox,
  outbox,
  source: 'test',
  handlers: {
    COURSE_PURCHASED: async ({ tx, event, publish }) => {
      await tx.insert(effects).values({ eventId: event.id });
      const data = parseEventData('COURSE_PURCHASED', event.data);
      await publish([
        {
          type: 'COURSE_ACCESS_GRANTED',
          key: data.courseId,
          data: {
            userId: data.userId,
            courseId: data.courseId,
            reason: 'purchase',
            paymentId: data.paymentId,
          },
        },
      ]);
    },
  },
};

function courseData(courseId: string): EventData<'COURSE_CREATED'> {
  return {
    courseId,
    instructorId: 'i1',
    title: 'A course',
    status: 'draft',
    priceCents: 0,
    currency: 'EUR',
    lessonCount: 0,
  };
}

function purchase(id: string): EventEnvelope {
  return {
    id,
    type: 'COURSE_PURCHASED',
    data: { paymentId: 'p1', courseId: 'c1', userId: 'u1', amountCents: 4900, currency: 'EUR', test: true },
    metadata: { timestamp: new Date().toISOString(), correlationId: 'req-1', source: 'payments' },
  };
}

describe('outbox and inbox', () => {
  test('appendToOutbox writes envelopes on the right topic, keyed by aggregate', async () => {
    const [envelope] = await database.db.transaction((tx) =>
      appendToOutbox(
        tx,
        outbox,
        [{ type: 'COURSE_CREATED', key: 'course-9', data: courseData('course-9') }],
        {
          correlationId: 'req-7',
          source: 'courses',
        },
      ),
    );
    const rows = await database.db
      .select()
      .from(outbox)
      .where(sql`event_id = ${envelope?.id ?? ''}`);
    expect(rows[0]).toMatchObject({ topic: 'course-events', type: 'COURSE_CREATED', key: 'course-9' });
    expect(envelope?.metadata).toMatchObject({ correlationId: 'req-7', source: 'courses' });
  });

  test('a rolled back transaction leaves no event behind', async () => {
    const before = await database.db.select({ n: count() }).from(outbox);
    await expect(
      database.db.transaction(async (tx) => {
        await appendToOutbox(tx, outbox, [{ type: 'COURSE_CREATED', key: 'x', data: courseData('x') }], {
          correlationId: 'r',
          source: 's',
        });
        throw new Error('state change failed');
      }),
    ).rejects.toThrow('state change failed');
    const after = await database.db.select({ n: count() }).from(outbox);
    expect(after[0]?.n).toBe(before[0]?.n ?? -1);
  });

  test('handleEventOnce: a redelivered event has one effect and one follow-up event', async () => {
    const event = purchase(crypto.randomUUID());
    expect(await handleEventOnce(database.db, consumer, event, silentLogger)).toBe(true);
    expect(await handleEventOnce(database.db, consumer, event, silentLogger)).toBe(false);
    expect(await wasHandled(database.db, consumer, event.id)).toBe(true);
    const effectRows = await database.db.select().from(effects).where(sql`event_id = ${event.id}`);
    expect(effectRows).toHaveLength(1);
    const followUps = await database.db
      .select()
      .from(outbox)
      .where(sql`envelope->'metadata'->>'causationId' = ${event.id}`);
    expect(followUps).toHaveLength(1);
    expect(followUps[0]?.type).toBe('COURSE_ACCESS_GRANTED');
  });

  test('a handler that throws leaves no inbox record, so the event is retried', async () => {
    const failing: ServiceConsumer = {
      ...consumer,
      group: 'test.failing',
      handlers: {
        COURSE_PURCHASED: async ({ tx, event }) => {
          await tx.insert(effects).values({ eventId: event.id });
          throw new Error('boom');
        },
      },
    };
    const event = purchase(crypto.randomUUID());
    await expect(handleEventOnce(database.db, failing, event, silentLogger)).rejects.toThrow('boom');
    expect(await wasHandled(database.db, failing, event.id)).toBe(false);
    expect(await database.db.select().from(effects).where(sql`event_id = ${event.id}`)).toHaveLength(0);
  });

  test('event types the consumer does not handle are skipped', async () => {
    const event = { ...purchase(crypto.randomUUID()), type: 'USER_CREATED' as const };
    expect(await handleEventOnce(database.db, consumer, event, silentLogger)).toBe(false);
  });
});
