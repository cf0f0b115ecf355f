import { defineConsumer, type ServiceConsumer } from '@edu/platform/events';
import type { NotificationsRuntime } from '../adapters/runtime.ts';
import { retryUrl } from '../domain/links.ts';
import { notifyFromEvent, publishProgress, recordRecipient } from '../operations/notify.ts';
import {
  enqueueWebhooks,
  recordPartnerEnrollment,
  removePartnerEnrollment,
} from '../operations/webhook-fan-out.ts';

/**
 * User notifications: each event becomes the notification of its type (in-app, email, push per
 * the user's preferences), published live to `runtime.hub`, the hub the runner's socket endpoint
 * listens on; progress goes to the learner's sockets as it happens.
 */
export function deliveryConsumer(runtime: Pick<NotificationsRuntime, 'hub' | 'settings'>): ServiceConsumer {
  const { hub } = runtime;
  return defineConsumer('notifications.delivery', {
    USER_CREATED: async (context) => {
      const { userId, name } = context.data;
      await recordRecipient(context.tx, context.data);
      await notifyFromEvent(context, hub, { userId, type: 'welcome', data: { name } });
    },
    USER_UPDATED: ({ tx, data }) => recordRecipient(tx, data),
    COURSE_PURCHASED: async (context) => {
      const { userId, courseId, paymentId, amountCents, currency } = context.data;
      await notifyFromEvent(context, hub, {
        userId,
        type: 'purchase_confirmation',
        data: { courseId, paymentId, amountCents, currency },
      });
    },
    COURSE_COMPLETED: async (context) => {
      const { userId, courseId, certificateId } = context.data;
      await notifyFromEvent(context, hub, {
        userId,
        type: 'course_completed',
        data: { courseId, ...(certificateId ? { certificateId } : {}) },
      });
      await publishProgress(context, hub, { event: 'COURSE_COMPLETED', ...context.data });
    },
    LESSON_COMPLETED: (context) =>
      publishProgress(context, hub, { event: 'LESSON_COMPLETED', ...context.data }),
    PAYMENT_FAILED: async (context) => {
      const { userId, courseId, paymentId, reason } = context.data;
      await notifyFromEvent(context, hub, {
        userId,
        type: 'payment_failed',
        data: {
          ...(courseId ? { courseId } : {}),
          paymentId,
          reason,
          retryUrl: retryUrl(runtime.settings.PUBLIC_URL, courseId),
        },
      });
    },
    PAYMENT_REFUNDED: async (context) => {
      const { userId, courseId, paymentId, amountCents, currency } = context.data;
      await notifyFromEvent(context, hub, {
        userId,
        type: 'refund_processed',
        data: { courseId, paymentId, amountCents, currency },
      });
    },
    SUBSCRIPTION_CREATED: async (context) => {
      const { userId, subscriptionId, planId } = context.data;
      await notifyFromEvent(context, hub, {
        userId,
        type: 'subscription_started',
        data: { subscriptionId, planId },
      });
    },
    SUBSCRIPTION_CANCELED: async (context) => {
      const { userId, subscriptionId, planId } = context.data;
      await notifyFromEvent(context, hub, {
        userId,
        type: 'subscription_canceled',
        data: { subscriptionId, planId },
      });
    },
  });
}

/** The event's id and time, which a webhook keeps (the `Edu-Webhook-Id` and `createdAt`). */
const sourceOf = ({ event }: { event: { id: string; metadata: { timestamp: string } } }) => ({
  id: event.id,
  createdAt: event.metadata.timestamp,
});

/**
 * Partner webhooks, a consumer group of their own so their inbox and lag are separate from user
 * notifications: learns partner enrollments and queues deliveries (operations/webhook-fan-out.ts).
 */
const webhooksConsumer = defineConsumer('notifications.webhooks', {
  COURSE_ACCESS_GRANTED: ({ tx, data }) => recordPartnerEnrollment(tx, data),
  COURSE_ACCESS_REVOKED: ({ tx, data }) => removePartnerEnrollment(tx, data),
  COURSE_PUBLISHED: (context) =>
    enqueueWebhooks(context, { ...sourceOf(context), type: 'COURSE_PUBLISHED', data: context.data }),
  COURSE_PURCHASED: (context) =>
    enqueueWebhooks(context, { ...sourceOf(context), type: 'COURSE_PURCHASED', data: context.data }),
  COURSE_COMPLETED: (context) =>
    enqueueWebhooks(context, { ...sourceOf(context), type: 'COURSE_COMPLETED', data: context.data }),
});

/** Both consumers of the service, the user notifications publishing to `runtime.hub`. */
export function notificationsConsumers(
  runtime: Pick<NotificationsRuntime, 'hub' | 'settings'>,
): ServiceConsumer[] {
  return [deliveryConsumer(runtime), webhooksConsumer];
}
