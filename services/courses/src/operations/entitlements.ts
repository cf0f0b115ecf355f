import type { EventData } from '@edu/contracts';
import type { EventHandlerContext } from '@edu/platform/events';
import {
  activateSubscription,
  cancelSubscription,
  recordPurchase,
  recordRefund,
} from '../db/entitlements.ts';
import { purchaseAccessEvent } from '../events/publish.ts';

/** What a payment event's effect needs: the consumer's transaction, its log, and its follow-up publisher. */
type EventEffect = Pick<EventHandlerContext, 'tx' | 'log' | 'publish'>;

/** A purchase gives its buyer the course (COURSE_ACCESS_GRANTED), unless it is a repeat or already refunded. */
export async function grantPurchasedCourse(
  { tx, log, publish }: EventEffect,
  { paymentId, userId, courseId }: EventData<'COURSE_PURCHASED'>,
): Promise<void> {
  const purchase = { paymentId, userId, courseId };
  if (!(await recordPurchase(tx, purchase))) {
    log.info('purchase already known; access unchanged', { paymentId });
    return;
  }
  await publish([purchaseAccessEvent('COURSE_ACCESS_GRANTED', purchase)]);
}

/** A refund takes the course back (COURSE_ACCESS_REVOKED), even when it arrives before its purchase. */
export async function revokeRefundedCourse(
  { tx, publish }: EventEffect,
  { paymentId, userId, courseId }: EventData<'PAYMENT_REFUNDED'>,
): Promise<void> {
  const refund = { paymentId, userId, courseId };
  if (!(await recordRefund(tx, refund))) return;
  await publish([purchaseAccessEvent('COURSE_ACCESS_REVOKED', refund)]);
}

/** An active subscription gives its user every published course. */
export async function startAllAccess(
  { tx }: EventEffect,
  { subscriptionId, userId, planId }: EventData<'SUBSCRIPTION_CREATED'>,
): Promise<void> {
  await activateSubscription(tx, { subscriptionId, userId, planId });
}

/** A canceled subscription ends all-access, even when it arrives before its start. */
export async function endAllAccess(
  { tx }: EventEffect,
  { subscriptionId, userId, planId }: EventData<'SUBSCRIPTION_CANCELED'>,
): Promise<void> {
  await cancelSubscription(tx, { subscriptionId, userId, planId });
}
