import type { Database } from '@edu/platform/db';
import { eq } from 'drizzle-orm';
import webpush from 'web-push';
import { vapidKeys } from '../../db/schema.ts';
import type { NotificationsSettings } from '../../settings.ts';

export interface VapidKeys {
  publicKey: string;
  privateKey: string;
  subject: string;
}

/**
 * The VAPID keys push messages are signed with: from the configuration when set, otherwise
 * generated once and stored, so browsers' subscriptions (bound to the public key) survive
 * restarts of the embedded topology. Concurrent first calls agree through the primary key.
 */
export async function resolveVapidKeys(db: Database, settings: NotificationsSettings): Promise<VapidKeys> {
  if (settings.VAPID_PUBLIC_KEY && settings.VAPID_PRIVATE_KEY) {
    return {
      publicKey: settings.VAPID_PUBLIC_KEY,
      privateKey: settings.VAPID_PRIVATE_KEY,
      subject: settings.VAPID_SUBJECT,
    };
  }
  const generated = webpush.generateVAPIDKeys();
  await db
    .insert(vapidKeys)
    .values({ id: 'default', publicKey: generated.publicKey, privateKey: generated.privateKey })
    .onConflictDoNothing();
  const [stored] = await db.select().from(vapidKeys).where(eq(vapidKeys.id, 'default')).limit(1);
  if (!stored) throw new Error('VAPID keys could not be stored');
  return { publicKey: stored.publicKey, privateKey: stored.privateKey, subject: settings.VAPID_SUBJECT };
}
