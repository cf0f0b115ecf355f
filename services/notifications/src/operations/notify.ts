import { type EventData, newId } from '@edu/contracts';
import type { Database } from '@edu/platform/db';
import type { EventHandlerContext } from '@edu/platform/events';
import { eq } from 'drizzle-orm';
import { renderEmail } from '../adapters/mail/email-template.ts';
import type { RealtimeHub } from '../adapters/realtime/hub.ts';
import { deliveries, notifications, pushSubscriptions, recipients } from '../db/schema.ts';
import { composeMessage } from '../domain/messages.ts';
import { type NotificationDto, toNotificationDto } from '../domain/notification.ts';
import {
  type Channel,
  channelsFor,
  type NotificationType,
  templateLocale,
} from '../domain/notification-types.ts';
import { notificationSent } from '../events/publish.ts';
import { readPreferences } from './preferences.ts';

interface NotifyRequest {
  userId: string;
  type: NotificationType;
  data: Record<string, unknown>;
  /** The event (or request) that caused it: one cause yields one notification of a type. */
  sourceEventId: string;
}

interface NotifyResult {
  notification: NotificationDto;
  channels: Channel[];
  inApp: boolean;
}

/**
 * Decides and records one notification inside the caller's transaction: the in-app row, and
 * an email and push delivery per channel the user allows. Sending happens later in
 * `deliverPending`, so no network call runs inside the transaction. Returns null when this
 * cause already produced this notification (a redelivered event).
 */
async function notifyUser(tx: Database, request: NotifyRequest): Promise<NotifyResult | null> {
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

/**
 * Records the notification an event causes, publishes NOTIFICATION_SENT in the same transaction,
 * and pushes the in-app notification to the user's open sockets. The socket push happens before
 * the commit (a handler cannot run after it); should the commit fail, the event is redelivered and
 * the client, which refetches the list on reconnect, only ever sees committed rows there.
 */
export async function notifyFromEvent(
  context: EventHandlerContext,
  hub: RealtimeHub,
  request: Omit<NotifyRequest, 'sourceEventId'>,
): Promise<void> {
  const result = await notifyUser(context.tx, { ...request, sourceEventId: context.event.id });
  if (!result) return;
  await context.publish([
    notificationSent({
      notificationId: result.notification.id,
      userId: request.userId,
      type: request.type,
      channels: result.channels,
    }),
  ]);
  if (result.inApp) {
    await hub
      .publish(request.userId, { type: 'notification', data: result.notification })
      .catch((error: unknown) => {
        // Realtime is best effort: the notification is stored and the list endpoint has it.
        context.log.warn('realtime publish failed', { error: String(error) });
      });
  }
}

/** Keeps our copy of a user's contact data (USER_CREATED, USER_UPDATED) for later mail. */
export async function recordRecipient(tx: Database, user: EventData<'USER_CREATED'>): Promise<void> {
  // Users who never chose a locale get the default templates.
  const contact = {
    email: user.email,
    name: user.name,
    locale: templateLocale(user.locale),
    updatedAt: new Date(),
  };
  await tx
    .insert(recipients)
    .values({ userId: user.userId, ...contact })
    .onConflictDoUpdate({ target: recipients.userId, set: contact });
}

/**
 * Progress goes to the learner's open sockets as a `{ type: 'progress' }` message. Realtime is
 * best effort: a failed push is logged, never a reason to redeliver the event.
 */
export async function publishProgress(
  context: EventHandlerContext,
  hub: RealtimeHub,
  progress: { event: 'LESSON_COMPLETED' | 'COURSE_COMPLETED'; userId: string } & Record<string, unknown>,
): Promise<void> {
  await hub.publish(progress.userId, { type: 'progress', data: progress }).catch((error: unknown) => {
    context.log.warn('realtime publish failed', { error: String(error) });
  });
}
