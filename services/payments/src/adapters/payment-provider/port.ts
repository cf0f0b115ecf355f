import type { Plan } from '../../domain/plans.ts';

/**
 * The payments port: what the service needs from a payment provider, in our own terms.
 * The embedded test-mode provider and the Stripe adapter both implement it; the service
 * never sees a provider's SDK types, so switching is configuration only.
 */
export interface PaymentProvider {
  readonly name: 'embedded' | 'stripe';
  /** Test-mode payments move no money; they are marked `test` in COURSE_PURCHASED. */
  readonly testMode: boolean;
  /**
   * Why this provider cannot charge `amountMinor` (ISO 4217 minor units) of `currency`, or null
   * when it can; asked before a payment is created, so an unchargeable course is a 422, not a 502.
   */
  chargeProblem(amountMinor: number, currency: string): string | null;
  startCoursePayment(input: CoursePaymentInput): Promise<CoursePaymentStart>;
  startSubscription(input: SubscriptionInput): Promise<SubscriptionStart>;
  /** `now`: access ends at once; `period_end`: the provider ends it later and tells us by webhook. */
  cancelSubscription(input: {
    subscriptionId: string;
    providerSubscriptionId: string | null;
    providerCheckoutId: string | null;
  }): Promise<{ endsAt: 'now' | 'period_end' }>;
  refund(
    input: RefundInput,
  ): Promise<{ providerRefundId: string; status: 'pending' | 'succeeded' | 'failed' }>;
  /**
   * Verifies a webhook's signature over the raw body and translates it; throws
   * `WebhookSignatureError` when it does not verify. Absent for providers without webhooks.
   */
  readonly parseWebhook?: (rawBody: string, signature: string | null) => Promise<ProviderEvent>;
}

interface CoursePaymentInput {
  paymentId: string;
  userId: string;
  courseId: string;
  courseTitle: string;
  /** In the currency's ISO 4217 minor units (4900 is $49.00; 1000 is ¥1,000). */
  amountCents: number;
  currency: string;
  /** Sent to the provider, so our own retries never create a second charge. */
  idempotencyKey: string;
}

export type CoursePaymentStart =
  | { status: 'succeeded'; providerCheckoutId: string; providerPaymentId: string }
  | { status: 'pending'; providerCheckoutId: string; checkoutUrl: string };

interface SubscriptionInput {
  subscriptionId: string;
  userId: string;
  plan: Plan;
  idempotencyKey: string;
}

export type SubscriptionStart =
  | { status: 'active'; providerSubscriptionId: string; currentPeriodEnd: Date }
  | { status: 'incomplete'; providerCheckoutId: string; checkoutUrl: string };

export interface RefundInput {
  refundId: string;
  paymentId: string;
  providerPaymentId: string | null;
  amountCents: number;
  currency: string;
  reason: string | undefined;
  idempotencyKey: string;
}

/** Provider webhooks translated into what they mean for us; `ignored` for types we do not act on. */
export type ProviderEvent = { eventId: string; type: string } & (
  | { kind: 'payment_succeeded'; paymentId: string; providerPaymentId: string | null }
  | { kind: 'payment_failed'; paymentId: string; reason: string }
  | {
      kind: 'payment_refunded';
      providerPaymentId: string;
      paymentId: string | null;
      providerRefundId: string | null;
    }
  | {
      kind: 'subscription_active';
      subscriptionId: string;
      providerSubscriptionId: string | null;
      currentPeriodEnd: Date | null;
    }
  | {
      kind: 'subscription_changed';
      subscriptionId: string;
      providerSubscriptionId: string;
      status: 'incomplete' | 'active' | 'canceled';
      cancelAtPeriodEnd: boolean;
      currentPeriodEnd: Date | null;
    }
  | { kind: 'subscription_checkout_expired'; subscriptionId: string }
  | { kind: 'subscription_payment_failed'; subscriptionId: string; reason: string }
  | { kind: 'ignored'; reason: string }
);

/** A webhook whose signature does not verify: the route answers 400 and changes nothing. */
export class WebhookSignatureError extends Error {
  override readonly name = 'WebhookSignatureError';
}

/** The provider refused or could not be reached; the route answers 502 without provider details. */
export class ProviderError extends Error {
  override readonly name = 'ProviderError';
}
