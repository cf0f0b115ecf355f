import { pushSubscriptions } from '../db/schema.ts';
import type { NotificationsDeps } from './deps.ts';

/** What PushSubscription.toJSON() gives in a browser. */
interface BrowserSubscription {
  endpoint: string;
  keys: { p256dh: string; auth: string };
}

/** Registers the browser's subscription for the user; an endpoint registered again moves to them. */
export async function registerPushSubscription(
  { db }: NotificationsDeps,
  userId: string,
  subscription: BrowserSubscription,
): Promise<BrowserSubscription> {
  const values = { userId, p256dh: subscription.keys.p256dh, auth: subscription.keys.auth };
  // An endpoint belongs to one browser profile; registering it again moves it to the caller.
  await db
    .insert(pushSubscriptions)
    .values({ endpoint: subscription.endpoint, ...values })
    .onConflictDoUpdate({ target: pushSubscriptions.endpoint, set: values });
  return { endpoint: subscription.endpoint, keys: subscription.keys };
}

/** The VAPID public key browsers subscribe with (configured, or generated once and stored). */
export async function vapidPublicKey({ runtime }: NotificationsDeps): Promise<string> {
  return (await runtime.vapidKeys()).publicKey;
}
