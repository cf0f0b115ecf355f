import { newId } from '@edu/contracts';
import type { Database } from '@edu/platform/db';
import { eq } from 'drizzle-orm';
import { deliveries, notifications, pushSubscriptions } from './db/schema.ts';
import { deliverPending } from './deliveries.ts';
import { renderEmail } from './domain/email-template.ts';
import { type NotificationDto, toNotificationDto } from './domain/notification-dto.ts';
import { type NotificationType, templateLocale } from './domain/notification-types.ts';
import type { NotificationsRuntime } from './runtime.ts';

export interface PushNotification {
  title: string;
  body: string;
  data?: Record<string, unknown>;
}

export interface InAppNotification extends PushNotification {
  type: string;
}

/** The platform design's INotificationService, with the template data typed. */
export interface INotificationService {
  sendEmail(
    to: string,
    template: NotificationType,
    data: { name: string; locale?: string; [key: string]: unknown },
  ): Promise<void>;
  sendPush(userId: string, notification: PushNotification): Promise<void>;
  sendInAppNotification(userId: string, notification: InAppNotification): Promise<NotificationDto>;
}

/**
 * Direct sends, for callers that are not event handlers (operators, scripts). Every send goes
 * through the deliveries table first, so a failure is retried by the worker like any other.
 */
export class NotificationService implements INotificationService {
  constructor(
    private readonly db: Database,
    private readonly runtime: NotificationsRuntime,
  ) {}

  async sendEmail(to: string, template: NotificationType, data: { name: string; locale?: string }) {
    const email = await renderEmail(template, templateLocale(data.locale), { name: data.name, data });
    const id = newId();
    await this.db
      .insert(deliveries)
      .values({ id, notificationId: `direct:${id}`, channel: 'email', recipient: to, content: { ...email } });
    await deliverPending(this.db, this.runtime, { ids: [id] });
  }

  async sendPush(userId: string, notification: PushNotification) {
    const subscriptions = await this.db
      .select()
      .from(pushSubscriptions)
      .where(eq(pushSubscriptions.userId, userId));
    if (subscriptions.length === 0) return;
    const notificationId = `direct:${newId()}`;
    const rows = subscriptions.map((subscription) => ({
      id: newId(),
      notificationId,
      channel: 'push' as const,
      recipient: subscription.endpoint,
      content: { ...notification, data: notification.data ?? {} },
    }));
    await this.db.insert(deliveries).values(rows);
    await deliverPending(this.db, this.runtime, { ids: rows.map((row) => row.id) });
  }

  async sendInAppNotification(userId: string, notification: InAppNotification) {
    const id = newId();
    const [row] = await this.db
      .insert(notifications)
      .values({
        id,
        userId,
        type: notification.type,
        title: notification.title,
        body: notification.body,
        data: notification.data ?? {},
        inApp: true,
        sourceEventId: `direct:${id}`,
      })
      .returning();
    if (!row) throw new Error('the notification was not stored');
    const dto = toNotificationDto(row);
    await this.runtime.hub.publish(userId, { type: 'notification', data: dto });
    return dto;
  }
}
