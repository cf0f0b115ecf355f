import type { PaymentRow } from '../db/payments.ts';
import type { RefundRow } from '../db/refunds.ts';
import type { SubscriptionRow } from '../db/subscriptions.ts';

/** What operations answer: the shapes of docs/API.md's Payments section; rows never leave otherwise. */

export function toPayment(row: PaymentRow) {
  return {
    id: row.id,
    userId: row.userId,
    courseId: row.courseId,
    amountCents: row.amountCents,
    currency: row.currency,
    status: row.status,
    // The checkout page matters only while the payment waits for it.
    ...(row.checkoutUrl && row.status === 'pending' ? { checkoutUrl: row.checkoutUrl } : {}),
    test: row.test,
    createdAt: row.createdAt.toISOString(),
  };
}

export function toSubscription(row: SubscriptionRow) {
  return {
    id: row.id,
    userId: row.userId,
    planId: row.planId,
    status: row.status,
    ...(row.currentPeriodEnd ? { currentPeriodEnd: row.currentPeriodEnd.toISOString() } : {}),
    cancelAtPeriodEnd: row.cancelAtPeriodEnd,
    ...(row.checkoutUrl && row.status === 'incomplete' ? { checkoutUrl: row.checkoutUrl } : {}),
  };
}

export function toRefund(row: RefundRow) {
  return { id: row.id, paymentId: row.paymentId, amountCents: row.amountCents, status: row.status };
}
