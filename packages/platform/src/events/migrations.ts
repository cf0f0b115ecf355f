// Its own entry point (`@edu/platform/events/migrations`), never re-exported from the events
// index: Workers bundles import that index, and a file URL means nothing there.
/** Where drizzle-kit wrote the `eventbus` schema's migrations (apply with service 'eventbus'). */
export const EVENTBUS_MIGRATIONS = new URL('../../migrations/eventbus', import.meta.url).pathname;
export const EVENTBUS_MIGRATION_TARGET = { migrationsFolder: EVENTBUS_MIGRATIONS, service: 'eventbus' };
