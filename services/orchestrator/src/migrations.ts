/** Where drizzle-kit wrote the embedded issuer's migrations (schema `identity`); applied at start. */
export const MIGRATIONS_FOLDER = new URL('../migrations', import.meta.url).pathname;

/** The name the migration journal is kept under (`drizzle.__migrations_identity`). */
export const MIGRATIONS_NAME = 'identity';
