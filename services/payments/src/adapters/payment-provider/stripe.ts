import { Stripe } from 'stripe';
import type { PlanId } from '../../domain/plans.ts';
import { type PaymentProvider, ProviderError, WebhookSignatureError } from './port.ts';
import { toStripeAmount } from './stripe-amounts.ts';
import { translateStripeEvent } from './stripe-events.ts';

interface StripeProviderOptions {
  secretKey: string;
  webhookSecret: string;
  /** Our plan ids mapped to Stripe price ids (STRIPE_PRICE_<PLAN>). */
  prices: Record<PlanId, string>;
  successUrl: string;
  cancelUrl: string;
  /** Another API origin (tests, stripe-mock); unset means api.stripe.com. */
  apiUrl?: string;
}

/**
 * The Stripe adapter. It uses the SDK's fetch client and SubtleCrypto so the same code runs
 * on Bun, Node and Workers, and passes our ids as idempotency keys and metadata so retries
 * never double-charge and webhooks can be matched back to our rows.
 */
export function createStripeProvider(options: StripeProviderOptions): PaymentProvider {
  const stripe = new Stripe(options.secretKey, {
    httpClient: Stripe.createFetchHttpClient(),
    maxNetworkRetries: 2,
    telemetry: false,
    ...apiOrigin(options.apiUrl),
  });
  const cryptoProvider = Stripe.createSubtleCryptoProvider();

  return {
    name: 'stripe',
    testMode: options.secretKey.startsWith('sk_test_') || options.secretKey.startsWith('rk_test_'),

    chargeProblem: (amountMinor, currency) => {
      const stripeAmount = toStripeAmount(amountMinor, currency);
      return stripeAmount.ok ? null : stripeAmount.problem;
    },

    startCoursePayment: (input) =>
      callStripe(async () => {
        const unitAmount = stripeAmountOf(input.amountCents, input.currency);
        const metadata = {
          kind: 'course',
          paymentId: input.paymentId,
          userId: input.userId,
          courseId: input.courseId,
        };
        const session = await stripe.checkout.sessions.create(
          {
            mode: 'payment',
            client_reference_id: input.paymentId,
            line_items: [
              {
                quantity: 1,
                price_data: {
                  currency: input.currency.toLowerCase(),
                  unit_amount: unitAmount,
                  product_data: { name: input.courseTitle, metadata: { courseId: input.courseId } },
                },
              },
            ],
            metadata,
            // Copied to the PaymentIntent, so payment_intent.* events carry our payment id too.
            payment_intent_data: { metadata },
            success_url: returnUrl(options.successUrl, 'payment', input.paymentId),
            cancel_url: returnUrl(options.cancelUrl, 'payment', input.paymentId),
          },
          { idempotencyKey: input.idempotencyKey },
        );
        if (!session.url) throw new ProviderError('Stripe returned a Checkout Session without a URL');
        return { status: 'pending', providerCheckoutId: session.id, checkoutUrl: session.url };
      }),

    startSubscription: (input) =>
      callStripe(async () => {
        const metadata = {
          kind: 'subscription',
          subscriptionId: input.subscriptionId,
          userId: input.userId,
          planId: input.plan.id,
        };
        const session = await stripe.checkout.sessions.create(
          {
            mode: 'subscription',
            client_reference_id: input.subscriptionId,
            line_items: [{ price: options.prices[input.plan.id], quantity: 1 }],
            metadata,
            // Copied to the Subscription and its invoices, so their events name our subscription.
            subscription_data: { metadata },
            success_url: returnUrl(options.successUrl, 'subscription', input.subscriptionId),
            cancel_url: returnUrl(options.cancelUrl, 'subscription', input.subscriptionId),
          },
          { idempotencyKey: input.idempotencyKey },
        );
        if (!session.url) throw new ProviderError('Stripe returned a Checkout Session without a URL');
        return { status: 'incomplete', providerCheckoutId: session.id, checkoutUrl: session.url };
      }),

    cancelSubscription: (input) =>
      callStripe(async () => {
        if (input.providerSubscriptionId) {
          // Paid time is kept: Stripe ends the subscription at period end and sends customer.subscription.deleted.
          await stripe.subscriptions.update(
            input.providerSubscriptionId,
            { cancel_at_period_end: true },
            { idempotencyKey: `cancel-${input.subscriptionId}` },
          );
          return { endsAt: 'period_end' };
        }
        // Checkout never completed: close it so it cannot be paid any more.
        if (input.providerCheckoutId) await stripe.checkout.sessions.expire(input.providerCheckoutId);
        return { endsAt: 'now' };
      }),

    refund: (input) =>
      callStripe(async () => {
        if (!input.providerPaymentId)
          throw new ProviderError('The payment has no Stripe PaymentIntent to refund');
        const refund = await stripe.refunds.create(
          {
            payment_intent: input.providerPaymentId,
            amount: stripeAmountOf(input.amountCents, input.currency),
            reason: 'requested_by_customer',
            metadata: { refundId: input.refundId, paymentId: input.paymentId },
          },
          { idempotencyKey: input.idempotencyKey },
        );
        const status =
          refund.status === 'succeeded' ? 'succeeded' : refund.status === 'pending' ? 'pending' : 'failed';
        return { providerRefundId: refund.id, status };
      }),

    parseWebhook: async (rawBody, signature) => {
      if (!signature) throw new WebhookSignatureError('The Stripe-Signature header is missing');
      let event: unknown;
      try {
        event = await stripe.webhooks.constructEventAsync(
          rawBody,
          signature,
          options.webhookSecret,
          undefined,
          cryptoProvider,
        );
      } catch {
        throw new WebhookSignatureError('The Stripe-Signature does not verify');
      }
      return translateStripeEvent(event);
    },
  };
}

/** Stripe's amount for ours; the service asked chargeProblem first, so a refusal here is a fault. */
function stripeAmountOf(amountMinor: number, currency: string): number {
  const stripeAmount = toStripeAmount(amountMinor, currency);
  if (!stripeAmount.ok) throw new ProviderError(stripeAmount.problem);
  return stripeAmount.amount;
}

function apiOrigin(apiUrl: string | undefined) {
  if (!apiUrl) return {};
  const url = new URL(apiUrl);
  const protocol: 'http' | 'https' = url.protocol === 'http:' ? 'http' : 'https';
  return { host: url.hostname, protocol, ...(url.port ? { port: Number(url.port) } : {}) };
}

/** Stripe's errors may echo request details; we keep only their type and code, never the message. */
async function callStripe<Result>(call: () => Promise<Result>): Promise<Result> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof ProviderError) throw error;
    if (error instanceof Stripe.errors.StripeError) {
      throw new ProviderError(
        `Stripe refused the request (${error.type}${error.code ? `: ${error.code}` : ''})`,
      );
    }
    throw new ProviderError('Stripe could not be reached');
  }
}

/**
 * Where Stripe sends the buyer back: the configured page, told which payment or subscription it
 * is about (`?payment=…` / `?subscription=…`), so it can wait for the webhook that settles it.
 */
function returnUrl(base: string, name: 'payment' | 'subscription', id: string): string {
  const url = new URL(base);
  url.searchParams.set(name, id);
  return url.toString();
}
