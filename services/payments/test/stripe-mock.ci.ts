import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { Stripe } from 'stripe';
import { ProviderError, WebhookSignatureError } from '../src/adapters/payment-provider/port.ts';
import { createStripeProvider } from '../src/adapters/payment-provider/stripe.ts';
import { PLANS } from '../src/domain/plans.ts';
import { COURSES } from './support/courses.ts';
import {
  admin,
  alice,
  type PaymentsUnderTest,
  STARTUP_TIMEOUT_MS,
  STRIPE_TEST_SECRET_KEY,
  STRIPE_TEST_WEBHOOK_SECRET,
  startPayments,
  stripeProviderAt,
} from './support/harness.ts';
import {
  type RecordingProxy,
  type StripeMock,
  startRecordingProxy,
  startStripeMock,
} from './support/stripe-mock.ts';
import { deliverWebhook, stripeEvent } from './support/stripe-webhooks.ts';

/**
 * The Stripe adapter against stripe-mock, Stripe's official API mock (CI runs it; it is started
 * here, or TEST_STRIPE_MOCK_URL names a running one). stripe-mock checks every request against
 * Stripe's OpenAPI spec — an unknown parameter or a wrong type is a 400 as at Stripe — and answers
 * with Stripe's own fixture objects, which the adapter and the webhook translator must read.
 * A recording proxy in front keeps what we sent, for the field-by-field checks.
 *
 * What stays on the hand-written stand-in (stripe-adapter.test.ts, the webhook suites), because
 * stripe-mock is stateless and cannot answer it: card declines and other payment errors (402
 * card_error: it never declines), objects that depend on earlier calls (its answers are fixtures:
 * metadata and nested fields are not reflected, an expired session still says "open"), and the
 * webhooks themselves (Stripe sends those; stripe-mock has no events to send).
 */
let mock: StripeMock;
let proxy: RecordingProxy;
beforeAll(async () => {
  mock = await startStripeMock();
  proxy = startRecordingProxy(mock.url);
}, STARTUP_TIMEOUT_MS);
afterAll(async () => {
  await proxy?.stop();
  await mock?.stop();
});

const lastRequest = () => {
  const request = proxy.requests.at(-1);
  if (!request) throw new Error('no request reached stripe-mock');
  return request;
};
/** A Stripe fixture object as stripe-mock serves it (GET), for building webhook payloads. */
async function fixture(path: string): Promise<Record<string, unknown>> {
  const response = await fetch(`${mock.url}${path}`, {
    headers: { authorization: `Bearer ${STRIPE_TEST_SECRET_KEY}` },
  });
  expect(response.status).toBe(200);
  return (await response.json()) as Record<string, unknown>;
}
const signer = new Stripe('sk_test_signing_only', { httpClient: Stripe.createFetchHttpClient() });
const sign = (payload: string) =>
  signer.webhooks.generateTestHeaderStringAsync({ payload, secret: STRIPE_TEST_WEBHOOK_SECRET });

describe('the Stripe adapter against stripe-mock', () => {
  test('a course purchase: Stripe’s spec accepts our Checkout Session, with our price, ids and idempotency key', async () => {
    const provider = stripeProviderAt(proxy.url);
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
    expect(start.checkoutUrl).toStartWith('https://checkout.stripe.com/');
    expect(start.providerCheckoutId).toStartWith('cs_');
    const request = lastRequest();
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
      'payment_intent_data[metadata][paymentId]': 'pay_1',
      success_url: 'https://learn.example.com/payments/success?payment=pay_1',
      cancel_url: 'https://learn.example.com/payments/cancel?payment=pay_1',
    });
  });

  test('amounts go in Stripe’s unit for the currency: JPY 1000 is 1000, KWD 1.500 is 1500, ISK 5 is 500', async () => {
    const provider = stripeProviderAt(proxy.url);
    const cases = [
      { amountCents: 1000, currency: 'JPY', unitAmount: '1000' },
      { amountCents: 1500, currency: 'KWD', unitAmount: '1500' },
      // ISK: no minor unit in ISO 4217, two decimals in Stripe's API.
      { amountCents: 5, currency: 'ISK', unitAmount: '500' },
    ];
    for (const { amountCents, currency, unitAmount } of cases) {
      await provider.startCoursePayment({
        paymentId: `pay_${currency}`,
        userId: 'user-1',
        courseId: 'course-1',
        courseTitle: 'Priced abroad',
        amountCents,
        currency,
        idempotencyKey: `payment-${currency}`,
      });
      expect(lastRequest().form.get('line_items[0][price_data][unit_amount]')).toBe(unitAmount);
      expect(lastRequest().form.get('line_items[0][price_data][currency]')).toBe(currency.toLowerCase());
    }
  });

  test('a subscription creates a Checkout Session in subscription mode with the plan’s Stripe price', async () => {
    const monthly = PLANS[0];
    if (!monthly) throw new Error('no monthly plan');
    const start = await stripeProviderAt(proxy.url).startSubscription({
      subscriptionId: 'sub_ours',
      userId: 'user-1',
      plan: monthly,
      idempotencyKey: 'subscription-sub_ours',
    });
    expect(start.status).toBe('incomplete');
    expect(Object.fromEntries(lastRequest().form)).toMatchObject({
      mode: 'subscription',
      'line_items[0][price]': 'price_monthly_test',
      'subscription_data[metadata][subscriptionId]': 'sub_ours',
    });
  });

  test('cancellation: cancel_at_period_end on a paid subscription; an unpaid checkout is expired', async () => {
    const provider = stripeProviderAt(proxy.url);
    expect(
      await provider.cancelSubscription({
        subscriptionId: 'sub_ours',
        providerSubscriptionId: 'sub_1Stripe',
        providerCheckoutId: 'cs_test_1',
      }),
    ).toEqual({ endsAt: 'period_end' });
    expect(lastRequest().path).toBe('/v1/subscriptions/sub_1Stripe');
    expect(lastRequest().form.get('cancel_at_period_end')).toBe('true');
    expect(
      await provider.cancelSubscription({
        subscriptionId: 'sub_2',
        providerSubscriptionId: null,
        providerCheckoutId: 'cs_test_2',
      }),
    ).toEqual({ endsAt: 'now' });
    expect(lastRequest().path).toBe('/v1/checkout/sessions/cs_test_2/expire');
  });

  test('a refund refunds the PaymentIntent in Stripe’s unit, with an idempotency key', async () => {
    const refund = await stripeProviderAt(proxy.url).refund({
      refundId: 'ref_1',
      paymentId: 'pay_1',
      providerPaymentId: 'pi_123',
      amountCents: 1000,
      currency: 'JPY',
      reason: 'x',
      idempotencyKey: 'refund-ref_1',
    });
    expect(refund.status).toBe('succeeded');
    expect(refund.providerRefundId).toStartWith('re_');
    expect(lastRequest().idempotencyKey).toBe('refund-ref_1');
    expect(Object.fromEntries(lastRequest().form)).toMatchObject({
      payment_intent: 'pi_123',
      amount: '1000',
      'metadata[refundId]': 'ref_1',
    });
  });

  test('an error answer from Stripe becomes a ProviderError naming only its type', async () => {
    const provider = createStripeProvider({
      secretKey: 'not_a_stripe_key',
      webhookSecret: STRIPE_TEST_WEBHOOK_SECRET,
      prices: { monthly: 'price_monthly_test', yearly: 'price_yearly_test' },
      successUrl: 'https://learn.example.com/payments/success',
      cancelUrl: 'https://learn.example.com/payments/cancel',
      apiUrl: mock.url,
    });
    const error = await provider
      .refund({
        refundId: 'r',
        paymentId: 'p',
        providerPaymentId: 'pi_1',
        amountCents: 100,
        currency: 'USD',
        reason: undefined,
        idempotencyKey: 'k',
      })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as Error).message).toStartWith('Stripe refused the request (Stripe');
    expect((error as Error).message).not.toContain('Authorization');
  });

  test('webhooks carrying Stripe’s own objects, signed by the stripe library, are read; forged ones are refused', async () => {
    const provider = stripeProviderAt(proxy.url);
    const session = await fixture('/v1/checkout/sessions/cs_fixture');
    const completed = JSON.stringify(
      stripeEvent(
        'checkout.session.completed',
        { ...session, payment_status: 'paid', metadata: { kind: 'course', paymentId: 'pay_9' } },
        'evt_session',
      ),
    );
    expect(await provider.parseWebhook?.(completed, await sign(completed))).toMatchObject({
      eventId: 'evt_session',
      kind: 'payment_succeeded',
      paymentId: 'pay_9',
      providerPaymentId: session.payment_intent,
    });

    const intent = await fixture('/v1/payment_intents/pi_fixture');
    const failed = JSON.stringify(
      stripeEvent('payment_intent.payment_failed', {
        ...intent,
        metadata: { kind: 'course', paymentId: 'pay_10' },
      }),
    );
    expect(await provider.parseWebhook?.(failed, await sign(failed))).toMatchObject({
      kind: 'payment_failed',
      paymentId: 'pay_10',
    });

    const forged = await signer.webhooks.generateTestHeaderStringAsync({
      payload: completed,
      secret: 'whsec_someoneElse',
    });
    const refused = await provider.parseWebhook?.(completed, forged).catch((caught: unknown) => caught);
    expect(refused).toBeInstanceOf(WebhookSignatureError);
  });
});

describe('a purchase through the payments service, with Stripe played by stripe-mock', () => {
  let payments: PaymentsUnderTest;
  beforeAll(async () => {
    payments = await startPayments({ provider: stripeProviderAt(proxy.url) });
  }, STARTUP_TIMEOUT_MS);
  afterAll(() => payments?.close());

  test('a JPY course: checkout with unit_amount 1000, then the signed webhook settles it at ¥1000', async () => {
    const bought = await payments.call('POST', `/api/v1/payments/courses/${COURSES.yen.id}`, { as: alice });
    expect(bought.status).toBe(201);
    expect(bought.json).toMatchObject({ status: 'pending', amountCents: 1000, currency: 'JPY' });
    expect(String(bought.json.checkoutUrl)).toStartWith('https://checkout.stripe.com/');
    expect(lastRequest().form.get('line_items[0][price_data][unit_amount]')).toBe('1000');
    const paymentId = String(bought.json.id);

    const session = await fixture('/v1/checkout/sessions/cs_fixture');
    const event = stripeEvent('checkout.session.completed', {
      ...session,
      payment_status: 'paid',
      metadata: { kind: 'course', paymentId },
    });
    const delivered = await deliverWebhook(payments, event);
    expect(delivered.json).toEqual({ received: true, outcome: 'applied' });
    const payment = await payments.call('GET', `/api/v1/payments/${paymentId}`, { as: admin });
    expect(payment.json).toMatchObject({ status: 'succeeded', amountCents: 1000, currency: 'JPY' });
    const [purchased] = await payments.events('COURSE_PURCHASED');
    expect(purchased?.data).toMatchObject({ paymentId, amountCents: 1000, currency: 'JPY' });
  });
});
