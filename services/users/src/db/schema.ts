import type { Role } from '@edu/contracts';
import { defineInboxTable, defineOutboxTable } from '@edu/platform/events';
import { sql } from 'drizzle-orm';
import { pgSchema, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

/** Everything the users service stores lives in its own PostgreSQL schema. */
export const usersSchema = pgSchema('users');

export const outbox = defineOutboxTable(usersSchema);
/**
 * Nothing consumes events here yet, but the first migration made the inbox with the outbox,
 * and drizzle-kit generates migrations from this file's exports: without it, it would drop it.
 */
export const inbox = defineInboxTable(usersSchema);

/** A person's profile. Credentials live with the identity provider, never here. */
export const profiles = usersSchema.table(
  'profiles',
  {
    /** The identity provider's subject (embedded: a UUIDv7; Auth0: `auth0|…`). */
    id: text('id').primaryKey(),
    email: text('email').notNull(),
    name: text('name').notNull(),
    roles: text('roles').array().$type<Role[]>().notNull(),
    /** BCP 47 tag chosen by the user, e.g. `fr-CA`; null means the client decides. */
    locale: text('locale'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  // Emails are unique whatever their case.
  (table) => [uniqueIndex('profiles_email_lower_idx').on(sql`lower(${table.email})`)],
);
export type ProfileRow = typeof profiles.$inferSelect;
