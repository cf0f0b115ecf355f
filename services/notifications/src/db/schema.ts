import { defineInboxTable, defineOutboxTable } from '@edu/platform/events';
import { pgSchema } from 'drizzle-orm/pg-core';

/** Everything the notifications service stores lives in its own PostgreSQL schema. */
export const notificationsSchema = pgSchema('notifications');

export const outbox = defineOutboxTable(notificationsSchema);
export const inbox = defineInboxTable(notificationsSchema);
