import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { createLogger } from '@edu/platform';
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
import { type StripeStandIn, startStripeStandIn } from './support/stripe-stand-in.ts';
import { paymentIntentObject, signPayload, stripeEvent } from './support/stripe-webhooks.ts';

describe('no card data or Stripe secret reaches logs, events or responses', () => {
  const lines: string[] = [];
  const bodies: string[] = [];
  let stand: StripeStandIn;
  let payments: PaymentsUnderTest;
  beforeAll(async () => {
    stand = startStripeStandIn();
    payments = await startPayments({
      provider: stripeProviderAt(stand.url),
      logger: createLogger({ level: 'debug', sink: (line) => lines.push(line) }),
    });
  }, STARTUP_TIMEOUT_MS);
  afterAll(async () => {
    await payments.close();
    await stand.stop();
  });

  test('through a purchase, a declined checkout, a card failure webhook and a forged webhook', async () => {
    const record = (response: { json: unknown }) => bodies.push(JSON.stringify(response.json));
    const bought = await payments.call('POST', `/api/v1/payments/courses/${COURSES.typescript.id}`, {
      as: alice,
    });
    record(bought);
    const paymentId = String(bought.json.id);

    // Stripe answers a card error whose message names the card.
    stand.failNext();
    const declined = await payments.call('POST', `/api/v1/payments/courses/${COURSES.postgres.id}`, {
      as: alice,
    });
    expect(declined.status).toBe(502);
    record(declined);

    const failure = JSON.stringify(
      stripeEvent('payment_intent.payment_failed', paymentIntentObject(paymentId)),
    );
    record(
      await payments.call('POST', '/api/v1/payments/webhooks/stripe', {
        rawBody: failure,
        headers: { 'stripe-signature': await signPayload(failure) },
      }),
    );
    record(
      await payments.call('POST', '/api/v1/payments/webhooks/stripe', {
        rawBody: failure,
        headers: { 'stripe-signature': 't=1,v1=deadbeef' },
      }),
    );
    record(await payments.call('GET', `/api/v1/payments/${paymentId}/audit`, { as: admin }));

    const events = JSON.stringify(await payments.events());
    expect(lines.length).toBeGreaterThan(0);
    for (const text of [lines.join('\n'), events, bodies.join('\n')]) {
      expect(text).not.toContain(STRIPE_TEST_SECRET_KEY);
      expect(text).not.toContain(STRIPE_TEST_WEBHOOK_SECRET);
      expect(text).not.toContain('4000000000000002');
      expect(text).not.toContain('Your card');
    }
  });
});
