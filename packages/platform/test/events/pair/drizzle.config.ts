import { defineConfig } from 'drizzle-kit';

/** The test service pair's tables (see schema.ts). */
export default defineConfig({
  dialect: 'postgresql',
  schema: './schema.ts',
  out: './migrations',
  schemaFilter: ['evt_producer', 'evt_consumer'],
});
