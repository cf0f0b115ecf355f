import { defineInboxTable, defineOutboxTable } from '@edu/platform/events';
import { pgSchema } from 'drizzle-orm/pg-core';

/** Everything the courses service stores lives in its own PostgreSQL schema. */
export const coursesSchema = pgSchema('courses');

export const outbox = defineOutboxTable(coursesSchema);
export const inbox = defineInboxTable(coursesSchema);
