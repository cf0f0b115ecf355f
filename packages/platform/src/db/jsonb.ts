import { sql } from 'drizzle-orm';
import { customType } from 'drizzle-orm/pg-core';

/**
 * A `jsonb` column that stores the same JSON on every driver we run (PGlite, Bun.SQL, Neon).
 * drizzle's own `jsonb` binds a JSON string as a jsonb parameter, which Bun.SQL
 * encodes once more (drizzle-orm#4942): the row would hold a JSON string, not the object. Binding
 * the text and casting it in SQL (`$1::text::jsonb`) means the same thing to every driver, and
 * keeps the statement's shape fixed, so servers can reuse its plan.
 */
export const jsonb = customType<{ data: unknown; driverData: unknown }>({
  dataType: () => 'jsonb',
  toDriver: (value) => sql`${JSON.stringify(value)}::text::jsonb`,
  fromDriver: readJsonb,
});

/**
 * A jsonb value as a driver hands it back (the column above, or a raw query's row): drivers
 * parse jsonb themselves; a string is a JSON text some path did not parse, read here.
 */
export function readJsonb(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}
