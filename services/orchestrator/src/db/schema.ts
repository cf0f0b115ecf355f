import { sql } from 'drizzle-orm';
import { index, integer, pgSchema, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

/**
 * The embedded issuer's storage, owned by the gateway: sign-in credentials, refresh-token
 * families and partner API clients. Profiles (names, roles) belong to the users service, never here.
 */
export const identitySchema = pgSchema('identity');

const timestamps = {
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
};

export const credentials = identitySchema.table(
  'credentials',
  {
    /** The user id; the same id the users service keys the profile by. */
    id: text('id').primaryKey(),
    email: text('email').notNull(),
    /** `scrypt$N$r$p$salt$hash`, see domain/password-hash.ts. */
    passwordHash: text('password_hash').notNull(),
    ...timestamps,
  },
  // Emails are unique whatever their case; the lookup at login uses the same expression.
  (table) => [uniqueIndex('credentials_email_lower_idx').on(sql`lower(${table.email})`)],
);

/** One sign-in session: every refresh token rotated from one login belongs to its family. */
export const refreshTokenFamilies = identitySchema.table('refresh_token_families', {
  id: text('id').primaryKey(),
  userId: text('user_id')
    .notNull()
    .references(() => credentials.id, { onDelete: 'cascade' }),
  ...timestamps,
  revokedAt: timestamp('revoked_at', { withTimezone: true, mode: 'date' }),
  /** Why the family ended: `logout` or `reuse` (a rotated-out token came back). */
  revokedReason: text('revoked_reason'),
});

export const refreshTokens = identitySchema.table(
  'refresh_tokens',
  {
    id: text('id').primaryKey(),
    familyId: text('family_id')
      .notNull()
      .references(() => refreshTokenFamilies.id, { onDelete: 'cascade' }),
    /** SHA-256 of the token: a leaked table cannot be replayed. */
    tokenHash: text('token_hash').notNull().unique(),
    ...timestamps,
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
    /** Set when the token was exchanged; a second exchange is reuse. */
    usedAt: timestamp('used_at', { withTimezone: true, mode: 'date' }),
  },
  (table) => [index('refresh_tokens_family_idx').on(table.familyId)],
);

/**
 * A partner's API client (OAuth 2.0 client credentials grant). Its tokens' `sub` is
 * `<id>@clients`; a revoked client gets no new tokens (issued ones live until they expire).
 */
export const partnerClients = identitySchema.table('partner_clients', {
  /** `cl_…` (random), or a fixed id for the demo client. */
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  /** The secret hashed like a password (`scrypt$…`); the secret itself is shown once, at creation. */
  secretHash: text('secret_hash').notNull(),
  /** The partner scopes it may ask for (packages/contracts partners.ts). */
  scopes: text('scopes').array().notNull(),
  /** Requests per minute at the gateway; null means PARTNER_RATE_LIMIT_PER_MINUTE. */
  rateLimitPerMinute: integer('rate_limit_per_minute'),
  ...timestamps,
  revokedAt: timestamp('revoked_at', { withTimezone: true, mode: 'date' }),
});
