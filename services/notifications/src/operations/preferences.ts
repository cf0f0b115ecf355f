import type { Database } from '@edu/platform/db';
import { eq } from 'drizzle-orm';
import { preferences } from '../db/schema.ts';
import { type ChannelPreferences, DEFAULT_PREFERENCES } from '../domain/notification-types.ts';

/** The user's channels; a user who never saved any has every channel on. */
export async function readPreferences(db: Database, userId: string): Promise<ChannelPreferences> {
  const [row] = await db.select().from(preferences).where(eq(preferences.userId, userId)).limit(1);
  return row ? { email: row.email, push: row.push, inApp: row.inApp } : DEFAULT_PREFERENCES;
}

/** Saves the user's channels, replacing what was there. */
export async function savePreferences(
  db: Database,
  userId: string,
  chosen: ChannelPreferences,
): Promise<ChannelPreferences> {
  const values = { email: chosen.email, push: chosen.push, inApp: chosen.inApp, updatedAt: new Date() };
  await db
    .insert(preferences)
    .values({ userId, ...values })
    .onConflictDoUpdate({ target: preferences.userId, set: values });
  return { email: chosen.email, push: chosen.push, inApp: chosen.inApp };
}
