import type { EventHandler, ServiceConsumer } from '@edu/platform/events';
import { z } from 'zod';
import { EVENT_SOURCE } from './course-service.ts';
import { activateSubscription, cancelSubscription, recordPurchase, recordRefund } from './db/entitlements.ts';
import { inbox, outbox } from './db/schema.ts';

/** What the courses service needs from payment events; other fields are ignored. */
const PurchaseData = z.object({
  paymentId: z.string().min(1),
  userId: z.string().min(1),
  courseId: z.string().min(1),
});
const SubscriptionData = z.object({
  subscriptionId: z.string().min(1),
  userId: z.string().min(1),
  planId: z.string().min(1),
});

/** The consumer group; also the inbox's `consumer` column. */
export const ENTITLEMENTS_GROUP = 'courses.entitlements';

const grantOnPurchase: EventHandler = async ({ event, tx, log, publish }) => {
  const purchase = PurchaseData.parse(event.data);
  if (!(await recordPurchase(tx, purchase))) {
    log.info('purchase already known; access unchanged', { paymentId: purchase.paymentId });
    return;
  }
  await publish([
    {
      type: 'COURSE_ACCESS_GRANTED',
      key: purchase.courseId,
      data: { ...purchase, access: 'purchase' },
    },
  ]);
};

const revokeOnRefund: EventHandler = async ({ event, tx, publish }) => {
  const refund = PurchaseData.parse(event.data);
  if (!(await recordRefund(tx, refund))) return;
  await publish([
    { type: 'COURSE_ACCESS_REVOKED', key: refund.courseId, data: { ...refund, access: 'purchase' } },
  ]);
};

const startAllAccess: EventHandler = async ({ event, tx }) => {
  await activateSubscription(tx, SubscriptionData.parse(event.data));
};

const endAllAccess: EventHandler = async ({ event, tx }) => {
  await cancelSubscription(tx, SubscriptionData.parse(event.data));
};

/**
 * Keeps the entitlement projection (who may read which course) up to date from payment
 * events. The event backbone delivers events to it through `handleEventOnce`, which records
 * each event id in the inbox with the effect, so redeliveries change nothing.
 */
export function createCoursesConsumer(): ServiceConsumer {
  return {
    group: ENTITLEMENTS_GROUP,
    topics: ['payment-events'],
    handlers: {
      COURSE_PURCHASED: grantOnPurchase,
      PAYMENT_REFUNDED: revokeOnRefund,
      SUBSCRIPTION_CREATED: startAllAccess,
      SUBSCRIPTION_CANCELED: endAllAccess,
    },
    inbox,
    outbox,
    source: EVENT_SOURCE,
  };
}
