import { type EventEnvelope, type EventType, parseEventData } from '@edu/contracts';
import type { EventHandler, EventHandlerContext, ServiceConsumer } from '@edu/platform/events';
import { inbox, outbox, recipients } from './db/schema.ts';
import { type NotificationType, templateLocale } from './domain/notification-types.ts';
import { publicUrlFromEnv, retryUrl } from './links.ts';
import { notifyUser } from './notify.ts';
import { defaultRealtimeHub, type RealtimeHub } from './realtime/hub.ts';
import { SERVICE_NAME } from './service-name.ts';
import { enqueueWebhooks, recordPartnerEnrollment, removePartnerEnrollment } from './webhooks/fan-out.ts';

export const NOTIFICATIONS_CONSUMER_GROUP = 'notifications.delivery';
export const WEBHOOKS_CONSUMER_GROUP = 'notifications.webhooks';

/**
 * Records the notification, publishes NOTIFICATION_SENT in the same transaction, and pushes
 * the in-app notification to the user's open sockets. The socket push happens before the
 * commit (a handler cannot run after it); should the commit fail, the event is redelivered and
 * the client, which refetches the list on reconnect, only ever sees committed rows there.
 */
async function notifyFromEvent(
  context: EventHandlerContext,
  hub: RealtimeHub,
  request: { userId: string; type: NotificationType; data: Record<string, unknown> },
) {
  const result = await notifyUser(context.tx, { ...request, sourceEventId: context.event.id });
  if (!result) return;
  await context.publish([
    {
      type: 'NOTIFICATION_SENT',
      key: request.userId,
      data: {
        notificationId: result.notification.id,
        userId: request.userId,
        type: request.type,
        channels: result.channels,
      },
    },
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

async function projectRecipient({ event, tx }: EventHandlerContext) {
  const data = parseEventData('USER_CREATED', event.data);
  // Users who never chose a locale get the default templates.
  const contact = {
    email: data.email,
    name: data.name,
    locale: templateLocale(data.locale),
    updatedAt: new Date(),
  };
  await tx
    .insert(recipients)
    .values({ userId: data.userId, ...contact })
    .onConflictDoUpdate({ target: recipients.userId, set: contact });
}

/** Progress events go to the learner's open sockets as `{ type: 'progress' }` messages. */
export async function publishProgress(hub: RealtimeHub, event: EventEnvelope): Promise<void> {
  if (event.type !== 'LESSON_COMPLETED' && event.type !== 'COURSE_COMPLETED') return;
  const data = parseEventData(event.type, event.data);
  await hub.publish(data.userId, { type: 'progress', data: { event: event.type, ...data } });
}

/** Realtime is best effort: a failed push is logged, never a reason to redeliver the event. */
function publishProgressBestEffort(context: EventHandlerContext, hub: RealtimeHub): Promise<void> {
  return publishProgress(hub, context.event).catch((error: unknown) => {
    context.log.warn('realtime publish failed', { error: String(error) });
  });
}

/**
 * The consumer of the notifications service; `hub` is where in-app notifications go live,
 * `publicUrl` the site origin links in messages point to (PUBLIC_URL by default).
 */
export function createNotificationsConsumer(options: {
  hub: RealtimeHub;
  publicUrl?: string;
}): ServiceConsumer {
  const { hub } = options;
  const publicUrl = options.publicUrl ?? publicUrlFromEnv();
  const handlers: Partial<Record<EventType, EventHandler>> = {
    USER_CREATED: async (context) => {
      await projectRecipient(context);
      const { userId, name } = parseEventData('USER_CREATED', context.event.data);
      await notifyFromEvent(context, hub, { userId, type: 'welcome', data: { name } });
    },
    USER_UPDATED: projectRecipient,
    COURSE_PURCHASED: async (context) => {
      const data = parseEventData('COURSE_PURCHASED', context.event.data);
      await notifyFromEvent(context, hub, {
        userId: data.userId,
        type: 'purchase_confirmation',
        data: {
          courseId: data.courseId,
          paymentId: data.paymentId,
          amountCents: data.amountCents,
          currency: data.currency,
        },
      });
    },
    COURSE_COMPLETED: async (context) => {
      const data = parseEventData('COURSE_COMPLETED', context.event.data);
      await notifyFromEvent(context, hub, {
        userId: data.userId,
        type: 'course_completed',
        data: {
          courseId: data.courseId,
          ...(data.certificateId ? { certificateId: data.certificateId } : {}),
        },
      });
      await publishProgressBestEffort(context, hub);
    },
    LESSON_COMPLETED: (context) => publishProgressBestEffort(context, hub),
    PAYMENT_FAILED: async (context) => {
      const data = parseEventData('PAYMENT_FAILED', context.event.data);
      await notifyFromEvent(context, hub, {
        userId: data.userId,
        type: 'payment_failed',
        data: {
          ...(data.courseId ? { courseId: data.courseId } : {}),
          paymentId: data.paymentId,
          reason: data.reason,
          retryUrl: retryUrl(publicUrl, data.courseId),
        },
      });
    },
    PAYMENT_REFUNDED: async (context) => {
      const data = parseEventData('PAYMENT_REFUNDED', context.event.data);
      await notifyFromEvent(context, hub, {
        userId: data.userId,
        type: 'refund_processed',
        data: {
          courseId: data.courseId,
          paymentId: data.paymentId,
          amountCents: data.amountCents,
          currency: data.currency,
        },
      });
    },
    SUBSCRIPTION_CREATED: async (context) => {
      const data = parseEventData('SUBSCRIPTION_CREATED', context.event.data);
      await notifyFromEvent(context, hub, {
        userId: data.userId,
        type: 'subscription_started',
        data: { subscriptionId: data.subscriptionId, planId: data.planId },
      });
    },
    SUBSCRIPTION_CANCELED: async (context) => {
      const data = parseEventData('SUBSCRIPTION_CANCELED', context.event.data);
      await notifyFromEvent(context, hub, {
        userId: data.userId,
        type: 'subscription_canceled',
        data: { subscriptionId: data.subscriptionId, planId: data.planId },
      });
    },
  };
  return {
    group: NOTIFICATIONS_CONSUMER_GROUP,
    topics: ['user-events', 'payment-events', 'progress-events'],
    handlers,
    inbox,
    outbox,
    source: SERVICE_NAME,
  };
}

/** The consumer the runner wires to the event bus: it publishes to this process's hub. */
export const notificationsConsumer: ServiceConsumer = createNotificationsConsumer({
  hub: defaultRealtimeHub(),
});

/**
 * Partner webhooks, a consumer group of their own so their inbox and lag are separate from user
 * notifications: learns partner enrollments and queues deliveries (src/webhooks/fan-out.ts).
 */
export const webhooksConsumer: ServiceConsumer = {
  group: WEBHOOKS_CONSUMER_GROUP,
  topics: ['course-events', 'payment-events', 'progress-events'],
  handlers: {
    COURSE_ACCESS_GRANTED: recordPartnerEnrollment,
    COURSE_ACCESS_REVOKED: removePartnerEnrollment,
    COURSE_PUBLISHED: enqueueWebhooks,
    COURSE_PURCHASED: enqueueWebhooks,
    COURSE_COMPLETED: enqueueWebhooks,
  },
  inbox,
  outbox,
  source: SERVICE_NAME,
};
