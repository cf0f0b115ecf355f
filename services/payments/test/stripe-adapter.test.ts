import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { Stripe } from 'stripe';
import { PLANS } from '../src/domain/plans.ts';
import { ProviderError, WebhookSignatureError } from '../src/providers/provider.ts';
import {
  STARTUP_TIMEOUT_MS,
  STRIPE_TEST_SECRET_KEY,
  STRIPE_TEST_WEBHOOK_SECRET,
  stripeProviderAt,
} from './support/harness.ts';
import { type StripeStandIn, startStripeStandIn } from './support/stripe-stand-in.ts';
import { checkoutSessionObject, signPayload, stripeEvent } from './support/stripe-webhooks.ts';

const monthly = PLANS[0];

describe('the Stripe adapter against a local Stripe stand-in', () => {
  let stand: StripeStandIn;
  beforeAll(() => {
    stand = startStripeStandIn();
  }, STARTUP_TIMEOUT_MS);
  afterAll(() => stand.stop());
  const lastRequest = () => {
    const request = stand.requests.at(-1);
    if (!request) throw new Error('no request reached the stand-in');
    return request;
  };

  test('a course purchase creates a Checkout Session in payment mode with our price, ids and idempotency key', async () => {
    const provider = stripeProviderAt(stand.url);
    expect(provider.testMode).toBe(true);
    const start = await provider.startCoursePayment({
      paymentId: 'pay_1',
      userId: 'user-1',
      courseId: 'course-1',
      courseTitle: 'TypeScript in depth',
      amountCents: 4900,
      currency: 'USD',
      idempotencyKey: 'payment-pay_1',
    });
    expect(start.status).toBe('pending');
    if (start.status !== 'pending') return;
    expect(start.checkoutUrl).toStartWith('https://checkout.stripe.com/c/pay/cs_test_');
    expect(start.providerCheckoutId).toStartWith('cs_test_');
    const request = lastRequest();
    expect(request.method).toBe('POST');
    expect(request.path).toBe('/v1/checkout/sessions');
    expect(request.idempotencyKey).toBe('payment-pay_1');
    expect(request.authorization).toBe(`Bearer ${STRIPE_TEST_SECRET_KEY}`);
    expect(Object.fromEntries(request.form)).toMatchObject({
      mode: 'payment',
      client_reference_id: 'pay_1',
      'line_items[0][quantity]': '1',
      'line_items[0][price_data][currency]': 'usd',
      'line_items[0][price_data][unit_amount]': '4900',
      'line_items[0][price_data][product_data][name]': 'TypeScript in depth',
      'metadata[paymentId]': 'pay_1',
      'metadata[courseId]': 'course-1',
      'payment_intent_data[metadata][paymentId]': 'pay_1',
      // The return pages learn which payment to wait for.
      success_url: 'https://learn.example.com/payments/success?payment=pay_1',
      cancel_url: 'https://learn.example.com/payments/cancel?payment=pay_1',
    });
  });

  test('a subscription creates a Checkout Session in subscription mode with the plan’s Stripe price', async () => {
    const provider = stripeProviderAt(stand.url);
    if (!monthly) throw new Error('no monthly plan');
    const start = await provider.startSubscription({
      subscriptionId: 'sub_ours',
      userId: 'user-1',
      plan: monthly,
      idempotencyKey: 'subscription-sub_ours',
    });
    expect(start.status).toBe('incomplete');
    const request = lastRequest();
    expect(request.idempotencyKey).toBe('subscription-sub_ours');
    expect(Object.fromEntries(request.form)).toMatchObject({
      mode: 'subscription',
      client_reference_id: 'sub_ours',
      'line_items[0][price]': 'price_monthly_test',
      'metadata[subscriptionId]': 'sub_ours',
      'subscription_data[metadata][subscriptionId]': 'sub_ours',
    });
  });

  test('cancellation keeps the paid period (cancel_at_period_end); an unpaid checkout is expired at once', async () => {
    const provider = stripeProviderAt(stand.url);
    const paid = await provider.cancelSubscription({
      subscriptionId: 'sub_ours',
      providerSubscriptionId: 'sub_1Stripe',
      providerCheckoutId: 'cs_test_1',
    });
    expect(paid).toEqual({ endsAt: 'period_end' });
    expect(lastRequest().path).toBe('/v1/subscriptions/sub_1Stripe');
    expect(lastRequest().form.get('cancel_at_period_end')).toBe('true');
    const unpaid = await provider.cancelSubscription({
      subscriptionId: 'sub_2',
      providerSubscriptionId: null,
      providerCheckoutId: 'cs_test_2',
    });
    expect(unpaid).toEqual({ endsAt: 'now' });
    expect(lastRequest().path).toBe('/v1/checkout/sessions/cs_test_2/expire');
  });

  test('a refund refunds the PaymentIntent in full with an idempotency key', async () => {
    const provider = stripeProviderAt(stand.url);
    const refund = await provider.refund({
      refundId: 'ref_1',
      paymentId: 'pay_1',
      providerPaymentId: 'pi_123',
      amountCents: 4900,
      reason: 'x',
      idempotencyKey: 'refund-ref_1',
    });
    expect(refund.status).toBe('succeeded');
    expect(refund.providerRefundId).toStartWith('re_');
    expect(lastRequest().path).toBe('/v1/refunds');
    expect(lastRequest().idempotencyKey).toBe('refund-ref_1');
    expect(Object.fromEntries(lastRequest().form)).toMatchObject({
      payment_intent: 'pi_123',
      amount: '4900',
      'metadata[paymentId]': 'pay_1',
    });
  });

  test('a Stripe error becomes a ProviderError without Stripe’s message (it may describe the card)', async () => {
    const provider = stripeProviderAt(stand.url);
    stand.failNext();
    const error = await provider
      .refund({
        refundId: 'r',
        paymentId: 'p',
        providerPaymentId: 'pi_1',
        amountCents: 1,
        reason: undefined,
        idempotencyKey: 'k',
      })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ProviderError);
    expect(String((error as Error).message)).toBe(
      'Stripe refused the request (StripeCardError: card_declined)',
    );
  });

  test('webhooks verify with signatures made by Stripe’s generateTestHeaderString', async () => {
    const provider = stripeProviderAt(stand.url);
    const payload = JSON.stringify(
      stripeEvent(
        'checkout.session.completed',
        checkoutSessionObject({
          mode: 'payment',
          metadata: { kind: 'course', paymentId: 'pay_9' },
          paymentIntent: 'pi_9',
        }),
        'evt_ok',
      ),
    );
    // The synchronous helper needs Node's crypto; Bun and Workers sign with SubtleCrypto (the async variant).
    const signer = new Stripe('sk_test_x', { httpClient: Stripe.createFetchHttpClient() });
    const header = await signer.webhooks.generateTestHeaderStringAsync({
      payload,
      secret: STRIPE_TEST_WEBHOOK_SECRET,
    });
    expect(await provider.parseWebhook?.(payload, header)).toEqual({
      eventId: 'evt_ok',
      type: 'checkout.session.completed',
      kind: 'payment_succeeded',
      paymentId: 'pay_9',
      providerPaymentId: 'pi_9',
    });
    const wrongSecret = await signPayload(payload, 'whsec_someoneElse');
    const tampered = payload.replace('pay_9', 'pay_8');
    for (const [body, signature] of [
      [payload, wrongSecret],
      [tampered, header],
      [payload, null],
    ] as const) {
      const error = await provider.parseWebhook?.(body, signature).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(WebhookSignatureError);
    }
  });
});
