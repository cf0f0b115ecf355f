import { newId } from '@edu/contracts';
import type { Database } from '@edu/platform/db';
import { eq } from 'drizzle-orm';
import { deliveries, notifications, preferences, pushSubscriptions, recipients } from './db/schema.ts';
import { renderEmail } from './domain/email-template.ts';
import { composeMessage } from './domain/messages.ts';
import { type NotificationDto, toNotificationDto } from './domain/notification-dto.ts';
import {
  type Channel,
  type ChannelPreferences,
  channelsFor,
  DEFAULT_PREFERENCES,
  type NotificationType,
  templateLocale,
} from './domain/notification-types.ts';

export interface NotifyRequest {
  userId: string;
  type: NotificationType;
  data: Record<string, unknown>;
  /** The event (or request) that caused it: one cause yields one notification of a type. */
  sourceEventId: string;
}

export interface NotifyResult {
  notification: NotificationDto;
  channels: Channel[];
  inApp: boolean;
}

export async function readPreferences(db: Database, userId: string): Promise<ChannelPreferences> {
  const [row] = await db.select().from(preferences).where(eq(preferences.userId, userId)).limit(1);
  return row ? { email: row.email, push: row.push, inApp: row.inApp } : DEFAULT_PREFERENCES;
}

/**
 * Decides and records one notification inside the caller's transaction: the in-app row, and
 * an email and push delivery per channel the user allows. Sending happens later in
 * `deliverPending`, so no network call runs inside the transaction. Returns null when this
 * cause already produced this notification (a redelivered event).
 */
export async function notifyUser(tx: Database, request: NotifyRequest): Promise<NotifyResult | null> {
  const [recipient] = await tx
    .select()
    .from(recipients)
    .where(eq(recipients.userId, request.userId))
    .limit(1);
  const subscriptions = await tx
    .select()
    .from(pushSubscriptions)
    .where(eq(pushSubscriptions.userId, request.userId));
  const channels = channelsFor(await readPreferences(tx, request.userId), {
    hasEmail: Boolean(recipient?.email),
    pushSubscriptions: subscriptions.length,
  });
  const locale = templateLocale(recipient?.locale);
  const context = { name: recipient?.name ?? '', data: request.data };
  const message = composeMessage(request.type, locale, context);
  const id = newId();
  const inserted = await tx
    .insert(notifications)
    .values({
      id,
      userId: request.userId,
      type: request.type,
      title: message.title,
      body: message.body,
      data: request.data,
      inApp: channels.includes('in_app'),
      sourceEventId: request.sourceEventId,
    })
    .onConflictDoNothing()
    .returning();
  const row = inserted[0];
  if (!row) return null;

  if (recipient && channels.includes('email')) {
    const email = await renderEmail(request.type, locale, context);
    await tx.insert(deliveries).values({
      id: newId(),
      notificationId: id,
      channel: 'email',
      recipient: recipient.email,
      content: { ...email },
    });
  }
  if (channels.includes('push')) {
    const payload = { id, type: request.type, title: message.title, body: message.body, data: request.data };
    await tx.insert(deliveries).values(
      subscriptions.map((subscription) => ({
        id: newId(),
        notificationId: id,
        channel: 'push' as const,
        recipient: subscription.endpoint,
        content: payload,
      })),
    );
  }
  return { notification: toNotificationDto(row), channels, inApp: row.inApp };
}
