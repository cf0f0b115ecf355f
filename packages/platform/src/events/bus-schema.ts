import { sql } from 'drizzle-orm';
import {
  bigint,
  index,
  integer,
  pgSchema,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { jsonb } from '../db/jsonb.ts';

/**
 * The event bus's own tables (schema `eventbus`): the Postgres log transport, consumer group
 * offsets, and the dead letters of both transports. Migrations: packages/platform/migrations/eventbus.
 */
export const eventbusSchema = pgSchema('eventbus');

/** Partition count per topic, fixed at creation: changing it would break per-key order. */
export const topics = eventbusSchema.table('topics', {
  topic: text('topic').primaryKey(),
  partitions: integer('partitions').notNull(),
});

/**
 * The last offset handed out per partition. Publishers update this row in the transaction that
 * inserts the log rows, so its row lock makes offsets commit in order: a consumer that reads
 * `last_offset` first never skips a row committed later with a smaller offset.
 */
export const partitions = eventbusSchema.table(
  'partitions',
  {
    topic: text('topic').notNull(),
    partition: integer('partition').notNull(),
    lastOffset: bigint('last_offset', { mode: 'number' }).notNull().default(0),
  },
  (table) => [primaryKey({ columns: [table.topic, table.partition] })],
);

/** Published events, in order per partition (partition = hash of the aggregate key). */
export const log = eventbusSchema.table(
  'log',
  {
    topic: text('topic').notNull(),
    partition: integer('partition').notNull(),
    offset: bigint('offset', { mode: 'number' }).notNull(),
    key: text('key').notNull(),
    eventId: text('event_id').notNull(),
    envelope: jsonb('envelope').notNull(),
    publishedAt: timestamp('published_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.topic, table.partition, table.offset] }),
    // A relay that crashed before marking rows sent publishes them again: the log keeps one copy.
    uniqueIndex('log_event_id_idx').on(table.eventId),
  ],
);

/**
 * Where each consumer group is in each partition, and who holds the partition now: a lease
 * lets one consumer of a group work a partition at a time, so per-key order holds and
 * concurrent consumers do not double-process.
 */
export const consumerOffsets = eventbusSchema.table(
  'consumer_offsets',
  {
    groupId: text('group_id').notNull(),
    topic: text('topic').notNull(),
    partition: integer('partition').notNull(),
    position: bigint('position', { mode: 'number' }).notNull().default(0),
    leaseOwner: text('lease_owner'),
    leaseUntil: timestamp('lease_until', { withTimezone: true, mode: 'date' }),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.groupId, table.topic, table.partition] })],
);

export const DEAD_LETTER_STATUSES = ['dead', 'replay', 'replaying', 'replayed'] as const;
export type DeadLetterStatus = (typeof DEAD_LETTER_STATUSES)[number];

/** Events a consumer group gave up on after bounded retries, with the last error, for operators. */
export const deadLetters = eventbusSchema.table(
  'dead_letters',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    groupId: text('group_id').notNull(),
    topic: text('topic').notNull(),
    key: text('key').notNull(),
    eventId: text('event_id').notNull(),
    envelope: jsonb('envelope').notNull(),
    error: text('error').notNull(),
    attempts: integer('attempts').notNull(),
    /** dead → replay (asked by an operator) → replaying (a consumer took it) → replayed, or dead again. */
    status: text('status', { enum: DEAD_LETTER_STATUSES }).notNull().default('dead'),
    failedAt: timestamp('failed_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    replayedAt: timestamp('replayed_at', { withTimezone: true, mode: 'date' }),
  },
  (table) => [
    uniqueIndex('dead_letters_group_event_idx').on(table.groupId, table.eventId),
    index('dead_letters_replay_idx').on(table.groupId).where(sql`status = 'replay'`),
  ],
);
