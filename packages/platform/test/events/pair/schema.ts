import { bigint, integer, pgSchema, text, timestamp } from 'drizzle-orm/pg-core';
import { defineInboxTable, defineOutboxTable } from '../../../src/events/tables.ts';

/**
 * A test service pair that proves the event machinery: `evt_producer` writes notes and
 * publishes one event per note; `evt_consumer` records an effect row per handled event.
 * Effects have no unique key on purpose, so an event handled twice would show as two rows.
 */
/** @public drizzle-kit reads the schema from here (pair/drizzle.config.ts). */
export const producerSchema = pgSchema('evt_producer');
export const notes = producerSchema.table('notes', {
  id: text('id').primaryKey(),
  key: text('key').notNull(),
  seq: integer('seq').notNull(),
});
export const producerOutbox = defineOutboxTable(producerSchema);

/** @public drizzle-kit reads the schema from here. */
export const consumerSchema = pgSchema('evt_consumer');
export const effects = consumerSchema.table('effects', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  consumer: text('consumer').notNull(),
  eventId: text('event_id').notNull(),
  key: text('key').notNull(),
  seq: integer('seq').notNull(),
  handledAt: timestamp('handled_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});
export const consumerInbox = defineInboxTable(consumerSchema);
export const consumerOutbox = defineOutboxTable(consumerSchema);
