import type { EventData } from '@edu/contracts';
import type { NewEvent } from '@edu/platform/events';

/**
 * The events the payments service publishes, built from its records. Each is a `NewEvent`, so
 * its `data` is checked against the contract (@edu/contracts) where it is built. Every event is
 * keyed by the user, so one user's purchases, refunds and subscriptions keep their order.
 */

interface PaymentFacts {
  id: string;
  userId: string;
  courseId: string;
  amountCents: number;
  currency: string;
  test: boolean;
}

interface SubscriptionFacts {
  id: string;
  userId: string;
  planId: string;
  currentPeriodEnd: Date | null;
}

/** A payment succeeded: the courses service grants the course. */
export function coursePurchased(payment: PaymentFacts): NewEvent {
  return {
    type: 'COURSE_PURCHASED',
    key: payment.userId,
    data: {
      paymentId: payment.id,
      userId: payment.userId,
      courseId: payment.courseId,
      amountCents: payment.amountCents,
      currency: payment.currency,
      test: payment.test,
    },
  };
}

/** A course payment failed: the learner is told, with a way to try again. */
export function coursePaymentFailed(payment: PaymentFacts, reason: string): NewEvent {
  return {
    type: 'PAYMENT_FAILED',
    key: payment.userId,
    data: { paymentId: payment.id, userId: payment.userId, courseId: payment.courseId, reason },
  };
}

/** A renewal of a subscription failed; the provider's event id stands for the payment. */
export function subscriptionPaymentFailed(
  subscription: Pick<SubscriptionFacts, 'userId'>,
  providerEventId: string,
  reason: string,
): NewEvent {
  return {
    type: 'PAYMENT_FAILED',
    key: subscription.userId,
    data: { paymentId: providerEventId, userId: subscription.userId, reason },
  };
}

/** A payment was refunded in full: the courses service revokes the course. */
export function paymentRefunded(
  payment: PaymentFacts,
  refund: { id: string; amountCents: number; reason: string | null },
): NewEvent {
  return {
    type: 'PAYMENT_REFUNDED',
    key: payment.userId,
    data: {
      paymentId: payment.id,
      refundId: refund.id,
      userId: payment.userId,
      courseId: payment.courseId,
      amountCents: refund.amountCents,
      currency: payment.currency,
      ...(refund.reason ? { reason: refund.reason } : {}),
    },
  };
}

function subscriptionData(subscription: SubscriptionFacts): EventData<'SUBSCRIPTION_CREATED'> {
  return {
    subscriptionId: subscription.id,
    userId: subscription.userId,
    planId: subscription.planId,
    ...(subscription.currentPeriodEnd
      ? { currentPeriodEnd: subscription.currentPeriodEnd.toISOString() }
      : {}),
  };
}

/** A subscription became active: all-access begins. */
export function subscriptionCreated(subscription: SubscriptionFacts): NewEvent {
  return { type: 'SUBSCRIPTION_CREATED', key: subscription.userId, data: subscriptionData(subscription) };
}

/** An active subscription ended: all-access ends. */
export function subscriptionCanceled(subscription: SubscriptionFacts): NewEvent {
  return { type: 'SUBSCRIPTION_CANCELED', key: subscription.userId, data: subscriptionData(subscription) };
}
