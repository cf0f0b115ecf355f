import type { Role } from '@edu/contracts';
import type { Database } from '@edu/platform/db';
import { appendToOutbox, type EventOrigin } from '@edu/platform/events';
import { asc, eq, gt, sql } from 'drizzle-orm';
import { normalizeRoles, type Profile } from '../domain/profile.ts';
import { userEvent } from '../events.ts';
import { outbox, type ProfileRow, profiles } from './schema.ts';

export function toProfile(row: ProfileRow): Profile {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    roles: normalizeRoles(row.roles),
    locale: row.locale,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export async function findProfile(db: Database, id: string): Promise<Profile | null> {
  const [row] = await db.select().from(profiles).where(eq(profiles.id, id)).limit(1);
  return row ? toProfile(row) : null;
}

export async function findProfileByEmail(db: Database, email: string): Promise<Profile | null> {
  const [row] = await db
    .select()
    .from(profiles)
    .where(sql`lower(${profiles.email}) = lower(${email})`)
    .limit(1);
  return row ? toProfile(row) : null;
}

/**
 * Creates a profile and its USER_CREATED event in one transaction. Answers null when the id
 * or the email (in any case) is taken; the caller tells which.
 */
export async function insertProfile(
  db: Database,
  input: { id: string; email: string; name: string; roles: Role[] },
  origin: EventOrigin,
): Promise<Profile | null> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(profiles)
      .values({ ...input, roles: normalizeRoles(input.roles) })
      .onConflictDoNothing()
      .returning();
    if (!row) return null;
    const profile = toProfile(row);
    await appendToOutbox(tx, outbox, [userEvent('USER_CREATED', profile)], origin);
    return profile;
  });
}

/** Changes a profile and records USER_UPDATED in one transaction; null when there is none. */
export async function updateProfile(
  db: Database,
  id: string,
  changes: { name?: string; locale?: string | null; roles?: Role[] },
  origin: EventOrigin,
): Promise<Profile | null> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(profiles)
      .set({
        ...(changes.name !== undefined ? { name: changes.name } : {}),
        ...(changes.locale !== undefined ? { locale: changes.locale } : {}),
        ...(changes.roles !== undefined ? { roles: normalizeRoles(changes.roles) } : {}),
        updatedAt: new Date(),
      })
      .where(eq(profiles.id, id))
      .returning();
    if (!row) return null;
    const profile = toProfile(row);
    await appendToOutbox(tx, outbox, [userEvent('USER_UPDATED', profile)], origin);
    return profile;
  });
}

/** One page of profiles in id order, starting after `afterId`; one extra row tells if more follow. */
export async function listProfiles(
  db: Database,
  options: { limit: number; afterId: string | null },
): Promise<{ items: Profile[]; lastId: string | null }> {
  const rows = await db
    .select()
    .from(profiles)
    .where(options.afterId ? gt(profiles.id, options.afterId) : undefined)
    .orderBy(asc(profiles.id))
    .limit(options.limit + 1);
  const page = rows.slice(0, options.limit);
  const hasMore = rows.length > options.limit;
  return { items: page.map(toProfile), lastId: hasMore ? (page.at(-1)?.id ?? null) : null };
}
