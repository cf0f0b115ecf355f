import { defineInboxTable, defineOutboxTable } from '@edu/platform/events';
import { pgSchema } from 'drizzle-orm/pg-core';

/** Everything the progress service stores lives in its own PostgreSQL schema. */
export const progressSchema = pgSchema('progress');

export const outbox = defineOutboxTable(progressSchema);
export const inbox = defineInboxTable(progressSchema);
