/**
 * Stripe webhook events as Stripe sends them (an `event` object around the resource; API
 * version 2026-10-28), signed like Stripe signs them, for the webhook tests. Only the fields
 * our handler reads are filled in the resources.
 */
import { Stripe } from 'stripe';
import { type PaymentsUnderTest, STRIPE_TEST_WEBHOOK_SECRET } from './harness.ts';

const stripe = new Stripe('sk_test_signing_only', { httpClient: Stripe.createFetchHttpClient() });

export function stripeEvent(
  type: string,
  object: Record<string, unknown>,
  id = `evt_${crypto.randomUUID().replaceAll('-', '')}`,
) {
  return {
    id,
    object: 'event',
    api_version: '2026-10-28.endive',
    created: Math.floor(Date.now() / 1000),
    type,
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    data: { object },
  };
}

/** The Stripe-Signature header for `payload`, made with Stripe's own helper. */
export function signPayload(payload: string, secret = STRIPE_TEST_WEBHOOK_SECRET): Promise<string> {
  return stripe.webhooks.generateTestHeaderStringAsync({ payload, secret });
}

export function checkoutSessionObject(options: {
  mode: 'payment' | 'subscription';
  metadata: Record<string, string>;
  paymentIntent?: string;
  subscription?: string;
  paymentStatus?: 'paid' | 'unpaid';
}) {
  return {
    id: `cs_test_${crypto.randomUUID().slice(0, 8)}`,
    object: 'checkout.session',
    mode: options.mode,
    status: 'complete',
    payment_status: options.paymentStatus ?? 'paid',
    client_reference_id: options.metadata.paymentId ?? options.metadata.subscriptionId ?? null,
    payment_intent: options.paymentIntent ?? null,
    subscription: options.subscription ?? null,
    metadata: options.metadata,
  };
}

export function paymentIntentObject(paymentId: string, declineCode = 'insufficient_funds') {
  return {
    id: `pi_${paymentId.slice(0, 8)}`,
    object: 'payment_intent',
    status: 'requires_payment_method',
    metadata: { kind: 'course', paymentId },
    last_payment_error: {
      type: 'card_error',
      code: 'card_declined',
      decline_code: declineCode,
      message: 'Your card has insufficient funds.',
    },
  };
}

export function chargeObject(paymentIntent: string, metadata: Record<string, string> = {}) {
  return {
    id: `ch_${crypto.randomUUID().slice(0, 8)}`,
    object: 'charge',
    payment_intent: paymentIntent,
    refunded: true,
    amount_refunded: 4900,
    metadata,
    refunds: {
      object: 'list',
      data: [{ id: `re_${crypto.randomUUID().slice(0, 8)}`, object: 'refund', status: 'succeeded' }],
    },
  };
}

export function subscriptionObject(options: {
  id: string;
  subscriptionId: string;
  status: string;
  cancelAtPeriodEnd?: boolean;
  periodEnd: number;
}) {
  return {
    id: options.id,
    object: 'subscription',
    status: options.status,
    cancel_at_period_end: options.cancelAtPeriodEnd ?? false,
    items: {
      object: 'list',
      data: [{ id: 'si_1', object: 'subscription_item', current_period_end: options.periodEnd }],
    },
    metadata: { kind: 'subscription', subscriptionId: options.subscriptionId },
  };
}

export function invoiceObject(options: {
  stripeSubscription: string;
  subscriptionId: string;
  periodEnd: number;
}) {
  return {
    id: `in_${crypto.randomUUID().slice(0, 8)}`,
    object: 'invoice',
    status: 'paid',
    parent: {
      type: 'subscription_details',
      subscription_details: {
        subscription: options.stripeSubscription,
        metadata: { kind: 'subscription', subscriptionId: options.subscriptionId },
      },
    },
    lines: {
      object: 'list',
      data: [{ id: 'il_1', period: { start: options.periodEnd - 30 * 86_400, end: options.periodEnd } }],
    },
  };
}

export const STRIPE_WEBHOOK_PATH = '/api/v1/payments/webhooks/stripe';

/** Posts `event` to the webhook route as Stripe would: raw JSON body, signed unless a signature is given. */
export async function deliverWebhook(
  payments: PaymentsUnderTest,
  event: ReturnType<typeof stripeEvent>,
  signature?: string,
) {
  const rawBody = JSON.stringify(event);
  return payments.call('POST', STRIPE_WEBHOOK_PATH, {
    rawBody,
    headers: {
      'content-type': 'application/json',
      'stripe-signature': signature ?? (await signPayload(rawBody)),
    },
  });
}
