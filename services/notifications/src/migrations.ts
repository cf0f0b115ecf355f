/** Where drizzle-kit wrote this service's migrations; runners apply them at start (not on Workers). */
export const MIGRATIONS_FOLDER = new URL('../migrations', import.meta.url).pathname;
