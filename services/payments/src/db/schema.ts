import { defineInboxTable, defineOutboxTable } from '@edu/platform/events';
import { pgSchema } from 'drizzle-orm/pg-core';

/** Everything the payments service stores lives in its own PostgreSQL schema. */
export const paymentsSchema = pgSchema('payments');

export const outbox = defineOutboxTable(paymentsSchema);
export const inbox = defineInboxTable(paymentsSchema);
