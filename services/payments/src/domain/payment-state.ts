/** The life of a payment. Only the transitions listed here may happen; everything else is a no-op or a conflict. */
export type PaymentStatus = 'pending' | 'succeeded' | 'failed' | 'refunded';

const ALLOWED: Record<PaymentStatus, readonly PaymentStatus[]> = {
  pending: ['succeeded', 'failed'],
  // A Stripe Checkout may still succeed after a failed attempt (the buyer tries another card).
  failed: ['succeeded'],
  succeeded: ['refunded'],
  // Refunded is final: late or replayed provider events cannot bring access back.
  refunded: [],
};

export function canTransitionPayment(from: PaymentStatus, to: PaymentStatus): boolean {
  return ALLOWED[from].includes(to);
}

export type SubscriptionStatus = 'incomplete' | 'active' | 'canceled';

const SUBSCRIPTION_ALLOWED: Record<SubscriptionStatus, readonly SubscriptionStatus[]> = {
  incomplete: ['active', 'canceled'],
  active: ['canceled'],
  // Canceled is final: an out-of-order "updated" event after "deleted" must not revive access.
  canceled: [],
};

export function canTransitionSubscription(from: SubscriptionStatus, to: SubscriptionStatus): boolean {
  return SUBSCRIPTION_ALLOWED[from].includes(to);
}
