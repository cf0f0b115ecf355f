import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { Stripe } from 'stripe';
import { ProviderError, WebhookSignatureError } from '../src/adapters/payment-provider/port.ts';
import { STARTUP_TIMEOUT_MS, STRIPE_TEST_WEBHOOK_SECRET, stripeProviderAt } from './support/harness.ts';
import { type StripeStandIn, startStripeStandIn } from './support/stripe-stand-in.ts';
import { checkoutSessionObject, signPayload, stripeEvent } from './support/stripe-webhooks.ts';

/**
 * What of the Stripe adapter needs the hand-written stand-in: the request shapes, amounts and
 * answers are checked against stripe-mock, Stripe's official mock (stripe-mock.ci.ts, in CI),
 * but stripe-mock never declines a card, so the 402 card_error path is played here.
 */
describe('the Stripe adapter against a local Stripe stand-in', () => {
  let stand: StripeStandIn;
  beforeAll(() => {
    stand = startStripeStandIn();
  }, STARTUP_TIMEOUT_MS);
  afterAll(() => stand.stop());

  test('a Stripe error becomes a ProviderError without Stripe’s message (it may describe the card)', async () => {
    const provider = stripeProviderAt(stand.url);
    stand.failNext();
    const error = await provider
      .refund({
        refundId: 'r',
        paymentId: 'p',
        providerPaymentId: 'pi_1',
        amountCents: 1,
        currency: 'USD',
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
