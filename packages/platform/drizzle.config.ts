import { defineConfig } from 'drizzle-kit';

/** The event bus's own schema (Postgres log, consumer offsets, dead letters). */
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/events/bus-schema.ts',
  out: './migrations/eventbus',
  schemaFilter: ['eventbus'],
});
