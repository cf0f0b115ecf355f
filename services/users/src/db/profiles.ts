import type { Role } from '@edu/contracts';
import type { Database } from '@edu/platform/db';
import { asc, eq, gt, sql } from 'drizzle-orm';
import { normalizeRoles, type Profile } from '../domain/profile.ts';
import { type ProfileRow, profiles } from './schema.ts';

function toProfile(row: ProfileRow): Profile {
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

export async function selectProfile(db: Database, id: string): Promise<Profile | null> {
  const [row] = await db.select().from(profiles).where(eq(profiles.id, id)).limit(1);
  return row ? toProfile(row) : null;
}

export async function selectProfileByEmail(db: Database, email: string): Promise<Profile | null> {
  const [row] = await db
    .select()
    .from(profiles)
    .where(sql`lower(${profiles.email}) = lower(${email})`)
    .limit(1);
  return row ? toProfile(row) : null;
}

/** Null when the id or the email (in any case) is taken. */
export async function insertProfile(
  db: Database,
  input: { id: string; email: string; name: string; roles: Role[] },
): Promise<Profile | null> {
  const [row] = await db
    .insert(profiles)
    .values({ ...input, roles: normalizeRoles(input.roles) })
    .onConflictDoNothing()
    .returning();
  return row ? toProfile(row) : null;
}

/** Null when there is no such profile. */
export async function updateProfile(
  db: Database,
  id: string,
  changes: { name?: string; locale?: string | null; roles?: Role[] },
): Promise<Profile | null> {
  const [row] = await db
    .update(profiles)
    .set({
      ...(changes.name !== undefined ? { name: changes.name } : {}),
      ...(changes.locale !== undefined ? { locale: changes.locale } : {}),
      ...(changes.roles !== undefined ? { roles: normalizeRoles(changes.roles) } : {}),
      updatedAt: new Date(),
    })
    .where(eq(profiles.id, id))
    .returning();
  return row ? toProfile(row) : null;
}

/** Up to `count` profiles in id order, after `afterId` when given. */
export async function selectProfilesAfter(
  db: Database,
  options: { count: number; afterId: string | null },
): Promise<Profile[]> {
  const rows = await db
    .select()
    .from(profiles)
    .where(options.afterId ? gt(profiles.id, options.afterId) : undefined)
    .orderBy(asc(profiles.id))
    .limit(options.count);
  return rows.map(toProfile);
}
