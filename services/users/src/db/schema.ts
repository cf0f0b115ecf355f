import { defineInboxTable, defineOutboxTable } from '@edu/platform/events';
import { pgSchema } from 'drizzle-orm/pg-core';

/** Everything the users service stores lives in its own PostgreSQL schema. */
export const usersSchema = pgSchema('users');

export const outbox = defineOutboxTable(usersSchema);
export const inbox = defineInboxTable(usersSchema);
