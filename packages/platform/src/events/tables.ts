import { sql } from 'drizzle-orm';
import { bigint, index, type PgSchema, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { jsonb } from '../db/jsonb.ts';

/**
 * The outbox every service owns: an event is written here in the same transaction as the
 * state change that caused it, and a relay publishes it later. `seq` keeps commit order.
 */
export function defineOutboxTable(schema: PgSchema) {
  return schema.table(
    'outbox',
    {
      seq: bigint('seq', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
      eventId: text('event_id').notNull().unique(),
      topic: text('topic').notNull(),
      type: text('type').notNull(),
      /** The aggregate id: events with one key keep their order. */
      key: text('key').notNull(),
      envelope: jsonb('envelope').notNull(),
      createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
      publishedAt: timestamp('published_at', { withTimezone: true, mode: 'date' }),
    },
    (table) => [index('outbox_pending_idx').on(table.seq).where(sql`published_at is null`)],
  );
}

/** The inbox: which events a consumer has handled, written with the handler's effect. */
export function defineInboxTable(schema: PgSchema) {
  return schema.table(
    'inbox',
    {
      consumer: text('consumer').notNull(),
      eventId: text('event_id').notNull(),
      handledAt: timestamp('handled_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    },
    (table) => [primaryKey({ columns: [table.consumer, table.eventId] })],
  );
}
