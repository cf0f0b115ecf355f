import { defineConsumer } from '@edu/platform/events';
import {
  endAllAccess,
  grantPurchasedCourse,
  revokeRefundedCourse,
  startAllAccess,
} from '../operations/entitlements.ts';

/**
 * Keeps the entitlement projection (who may read which course) up to date from payment
 * events; each handler runs in the transaction that records the event in the inbox, so a
 * redelivery changes nothing.
 */
export const entitlementsConsumer = defineConsumer('courses.entitlements', {
  COURSE_PURCHASED: (context) => grantPurchasedCourse(context, context.data),
  PAYMENT_REFUNDED: (context) => revokeRefundedCourse(context, context.data),
  SUBSCRIPTION_CREATED: (context) => startAllAccess(context, context.data),
  SUBSCRIPTION_CANCELED: (context) => endAllAccess(context, context.data),
});
