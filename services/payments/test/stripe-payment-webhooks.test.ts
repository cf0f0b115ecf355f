import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { eq } from 'drizzle-orm';
import { webhookEvents } from '../src/db/schema.ts';
import { COURSES } from './support/courses.ts';
import {
  admin,
  alice,
  bob,
  type PaymentsUnderTest,
  STARTUP_TIMEOUT_MS,
  startPayments,
  stripeProviderAt,
} from './support/harness.ts';
import { type StripeStandIn, startStripeStandIn } from './support/stripe-stand-in.ts';
import {
  chargeObject,
  checkoutSessionObject,
  deliverWebhook,
  paymentIntentObject,
  STRIPE_WEBHOOK_PATH,
  signPayload,
  stripeEvent,
} from './support/stripe-webhooks.ts';

describe('Stripe course payments and their webhooks', () => {
  let stand: StripeStandIn;
  let payments: PaymentsUnderTest;
  beforeAll(async () => {
    stand = startStripeStandIn();
    payments = await startPayments({ provider: stripeProviderAt(stand.url) });
  }, STARTUP_TIMEOUT_MS);
  afterAll(async () => {
    await payments.close();
    await stand.stop();
  });

  const deliver = (event: ReturnType<typeof stripeEvent>, signature?: string) =>
    deliverWebhook(payments, event, signature);
  async function buy(caller: typeof alice, courseId: string) {
    const response = await payments.call('POST', `/api/v1/payments/courses/${courseId}`, { as: caller });
    expect(response.status).toBe(201);
    return String(response.json.id);
  }
  const paymentOf = async (id: string) =>
    (await payments.call('GET', `/api/v1/payments/${id}`, { as: admin })).json;
  const completed = (paymentId: string, paymentIntent: string) =>
    stripeEvent(
      'checkout.session.completed',
      checkoutSessionObject({ mode: 'payment', metadata: { kind: 'course', paymentId }, paymentIntent }),
    );

  test('a purchase is pending with a checkout URL until checkout.session.completed; replays change nothing', async () => {
    const paymentId = await buy(alice, COURSES.typescript.id);
    const pending = await paymentOf(paymentId);
    expect(pending).toMatchObject({ status: 'pending', amountCents: 4900 });
    expect(String(pending.checkoutUrl)).toStartWith('https://checkout.stripe.com/');
    expect(stand.requests.at(-1)?.idempotencyKey).toBe(`payment-${paymentId}`);
    expect(await payments.events('COURSE_PURCHASED')).toHaveLength(0);
    // Clicking "buy" again before paying returns the same payment and checkout, not a second session.
    const sessions = stand.requests.length;
    const again = await payments.call('POST', `/api/v1/payments/courses/${COURSES.typescript.id}`, {
      as: alice,
    });
    expect(again.status).toBe(201);
    expect(again.json).toMatchObject({ id: paymentId, checkoutUrl: pending.checkoutUrl });
    expect(stand.requests.length).toBe(sessions);

    const event = completed(paymentId, 'pi_alice_ts');
    const first = await deliver(event);
    expect(first.status).toBe(200);
    expect(first.json).toEqual({ received: true, outcome: 'applied' });
    expect(await paymentOf(paymentId)).toMatchObject({ status: 'succeeded' });
    const replay = await deliver(event);
    expect(replay.json).toEqual({ received: true, outcome: 'duplicate' });
    const purchased = await payments.events('COURSE_PURCHASED');
    expect(purchased).toHaveLength(1);
    // sk_test_ keys are Stripe's test mode: still a test payment.
    expect(purchased[0]?.data).toMatchObject({ paymentId, amountCents: 4900, currency: 'USD', test: true });
    const owned = await payments.call('POST', `/api/v1/payments/courses/${COURSES.typescript.id}`, {
      as: alice,
    });
    expect(owned.status).toBe(409);
  });

  test('a free course is granted at once, without a Stripe checkout', async () => {
    const sessions = stand.requests.length;
    const free = await payments.call('POST', `/api/v1/payments/courses/${COURSES.free.id}`, { as: bob });
    expect(free.status).toBe(201);
    expect(free.json).toMatchObject({ amountCents: 0, status: 'succeeded' });
    expect(free.json.checkoutUrl).toBeUndefined();
    expect(stand.requests.length).toBe(sessions);
    expect(
      (await payments.events('COURSE_PURCHASED')).filter((e) => e.data.paymentId === free.json.id),
    ).toHaveLength(1);
  });

  test('a wrong signature is a 400 problem and changes nothing', async () => {
    const paymentId = await buy(bob, COURSES.typescript.id);
    const event = completed(paymentId, 'pi_bob_ts');
    const forged = await signPayload(JSON.stringify(event), 'whsec_attackerSecret');
    const response = await deliver(event, forged);
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    const unsigned = await payments.call('POST', STRIPE_WEBHOOK_PATH, {
      rawBody: JSON.stringify(event),
      headers: { 'content-type': 'application/json' },
    });
    expect(unsigned.status).toBe(400);
    expect(await paymentOf(paymentId)).toMatchObject({ status: 'pending' });
    const stored = await payments.database.db
      .select()
      .from(webhookEvents)
      .where(eq(webhookEvents.eventId, event.id));
    expect(stored).toHaveLength(0);
    expect(
      (await payments.events('COURSE_PURCHASED')).filter((e) => e.data.paymentId === paymentId),
    ).toHaveLength(0);
  });

  test('payment_intent.payment_failed and checkout.session.expired fail the payment with PAYMENT_FAILED', async () => {
    const [bobPending] = (await payments.call('GET', '/api/v1/payments', { as: bob })).json.items as {
      id: string;
    }[];
    const paymentId = String(bobPending?.id);
    expect(
      (await deliver(stripeEvent('payment_intent.payment_failed', paymentIntentObject(paymentId)))).status,
    ).toBe(200);
    expect(await paymentOf(paymentId)).toMatchObject({ status: 'failed' });
    const [failed] = await payments.events('PAYMENT_FAILED');
    expect(failed?.data).toEqual({
      paymentId,
      userId: bob.sub,
      courseId: COURSES.typescript.id,
      reason: 'insufficient_funds',
    });
    // The slot is free again: Bob can start a new purchase, which then expires.
    const second = await buy(bob, COURSES.typescript.id);
    const expired = stripeEvent('checkout.session.expired', {
      ...checkoutSessionObject({ mode: 'payment', metadata: { kind: 'course', paymentId: second } }),
      status: 'expired',
      payment_status: 'unpaid',
    });
    expect((await deliver(expired)).status).toBe(200);
    expect(await paymentOf(second)).toMatchObject({ status: 'failed' });
    expect(await payments.events('PAYMENT_FAILED')).toHaveLength(2);
  });

  test('a failed payment paid late while a newer purchase holds the course is kept failed and flagged', async () => {
    const frank = { sub: 'user-frank', roles: ['user' as const] };
    const first = await buy(frank, COURSES.postgres.id);
    await deliver(stripeEvent('payment_intent.payment_failed', paymentIntentObject(first)));
    const second = await buy(frank, COURSES.postgres.id);
    await deliver(completed(second, 'pi_frank_2'));
    const late = await deliver(completed(first, 'pi_frank_1'));
    expect(late.json.outcome).toBe('needs_attention');
    expect(await paymentOf(first)).toMatchObject({ status: 'failed' });
    expect(await paymentOf(second)).toMatchObject({ status: 'succeeded' });
    const audit = (await payments.call('GET', `/api/v1/payments/${first}/audit`, { as: admin })).json
      .items as { action: string }[];
    expect(audit.at(-1)?.action).toBe('paid_after_failure');
    // Refunding that stray charge at Stripe is recorded without touching access.
    const refunded = await deliver(
      stripeEvent('charge.refunded', chargeObject('pi_frank_1', { kind: 'course', paymentId: first })),
    );
    expect(refunded.json.outcome).toBe('applied');
    expect(await paymentOf(first)).toMatchObject({ status: 'failed' });
    expect(
      (await payments.events('PAYMENT_REFUNDED')).filter((e) => e.data.paymentId === first),
    ).toHaveLength(0);
  });

  test('out of order: charge.refunded before checkout.session.completed ends refunded, with both events in order', async () => {
    const carol = { sub: 'user-carol', roles: ['user' as const] };
    const paymentId = await buy(carol, COURSES.postgres.id);
    const refunded = await deliver(
      stripeEvent('charge.refunded', chargeObject('pi_carol', { kind: 'course', paymentId })),
    );
    expect(refunded.json.outcome).toBe('applied');
    const late = await deliver(completed(paymentId, 'pi_carol'));
    expect(late.json.outcome).toBe('ignored');
    expect(await paymentOf(paymentId)).toMatchObject({ status: 'refunded' });
    const types = (await payments.events()).filter((e) => e.data.paymentId === paymentId).map((e) => e.type);
    expect(types).toEqual(['COURSE_PURCHASED', 'PAYMENT_REFUNDED']);
  });

  test('an admin refund goes to Stripe with the PaymentIntent; the charge.refunded that follows is a no-op', async () => {
    const dave = { sub: 'user-dave', roles: ['user' as const] };
    const paymentId = await buy(dave, COURSES.typescript.id);
    await deliver(completed(paymentId, 'pi_dave'));
    const response = await payments.call('POST', `/api/v1/payments/${paymentId}/refund`, {
      as: admin,
      body: { reason: 'duplicate' },
    });
    expect(response.status).toBe(201);
    expect(response.json).toMatchObject({ paymentId, status: 'succeeded', amountCents: 4900 });
    const request = stand.requests.at(-1);
    expect(request?.path).toBe('/v1/refunds');
    expect(request?.form.get('payment_intent')).toBe('pi_dave');
    expect(request?.idempotencyKey).toBe(`refund-${response.json.id}`);
    const echo = await deliver(stripeEvent('charge.refunded', chargeObject('pi_dave')));
    expect(echo.json.outcome).toBe('ignored');
    expect(
      (await payments.events('PAYMENT_REFUNDED')).filter((e) => e.data.paymentId === paymentId),
    ).toHaveLength(1);
  });

  test('a refund Stripe refuses is a 502, audited, leaves the payment paid, and can be retried', async () => {
    const erin = { sub: 'user-erin', roles: ['user' as const] };
    const paymentId = await buy(erin, COURSES.typescript.id);
    await deliver(completed(paymentId, 'pi_erin'));
    stand.failNext();
    const refused = await payments.call('POST', `/api/v1/payments/${paymentId}/refund`, {
      as: admin,
      body: {},
    });
    expect(refused.status).toBe(502);
    expect(await paymentOf(paymentId)).toMatchObject({ status: 'succeeded' });
    const retried = await payments.call('POST', `/api/v1/payments/${paymentId}/refund`, {
      as: admin,
      body: {},
    });
    expect(retried.status).toBe(201);
    const audit = (await payments.call('GET', `/api/v1/payments/${paymentId}/audit`, { as: admin })).json
      .items as { action: string }[];
    expect(audit.map((entry) => entry.action)).toEqual([
      'created',
      'checkout_started',
      'checkout_completed',
      'refund_requested',
      'refund_failed',
      'refund_requested',
      'refunded',
    ]);
  });

  test('events of other integrations on the same Stripe account are acknowledged and ignored', async () => {
    const foreign = stripeEvent(
      'checkout.session.completed',
      checkoutSessionObject({ mode: 'payment', metadata: {} }),
    );
    expect((await deliver(foreign)).json).toEqual({ received: true, outcome: 'ignored' });
    expect(
      (await deliver(stripeEvent('customer.created', { id: 'cus_1', object: 'customer' }))).json.outcome,
    ).toBe('ignored');
  });
});
