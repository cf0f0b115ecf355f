import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { eq } from 'drizzle-orm';
import { subscriptions } from '../src/db/schema.ts';
import {
  alice,
  bob,
  type PaymentsUnderTest,
  STARTUP_TIMEOUT_MS,
  startPayments,
  stripeProviderAt,
} from './support/harness.ts';
import { type StripeStandIn, startStripeStandIn } from './support/stripe-stand-in.ts';
import {
  checkoutSessionObject,
  deliverWebhook,
  invoiceObject,
  stripeEvent,
  subscriptionObject,
} from './support/stripe-webhooks.ts';

describe('Stripe subscriptions and their webhooks', () => {
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
  const deliver = (event: ReturnType<typeof stripeEvent>) => deliverWebhook(payments, event);

  test('out of order: invoice.paid before checkout.session.completed activates the subscription once', async () => {
    const created = await payments.call('POST', '/api/v1/payments/subscriptions', {
      as: alice,
      body: { planId: 'yearly' },
    });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ status: 'incomplete' });
    expect(String(created.json.checkoutUrl)).toStartWith('https://checkout.stripe.com/');
    expect(stand.requests.at(-1)?.form.get('line_items[0][price]')).toBe('price_yearly_test');
    const subscriptionId = String(created.json.id);
    const periodEnd = Math.floor(Date.now() / 1000) + 365 * 86_400;

    await deliver(
      stripeEvent(
        'invoice.paid',
        invoiceObject({ stripeSubscription: 'sub_stripe_alice', subscriptionId, periodEnd }),
      ),
    );
    await deliver(
      stripeEvent(
        'checkout.session.completed',
        checkoutSessionObject({
          mode: 'subscription',
          metadata: { kind: 'subscription', subscriptionId },
          subscription: 'sub_stripe_alice',
        }),
      ),
    );
    await deliver(
      stripeEvent(
        'customer.subscription.updated',
        subscriptionObject({ id: 'sub_stripe_alice', subscriptionId, status: 'active', periodEnd }),
      ),
    );

    const [row] = await payments.database.db
      .select()
      .from(subscriptions)
      .where(eq(subscriptions.id, subscriptionId));
    expect(row).toMatchObject({ status: 'active', providerSubscriptionId: 'sub_stripe_alice' });
    expect(row?.currentPeriodEnd?.getTime()).toBe(periodEnd * 1000);
    const createdEvents = await payments.events('SUBSCRIPTION_CREATED');
    expect(createdEvents).toHaveLength(1);
    expect(createdEvents[0]?.data).toMatchObject({
      subscriptionId,
      userId: alice.sub,
      planId: 'yearly',
      currentPeriodEnd: new Date(periodEnd * 1000).toISOString(),
    });
  });

  test('cancel keeps access to period end; customer.subscription.deleted ends it; a late update cannot revive it', async () => {
    const [row] = await payments.database.db
      .select()
      .from(subscriptions)
      .where(eq(subscriptions.userId, alice.sub));
    const subscriptionId = String(row?.id);
    expect(
      (await payments.call('DELETE', `/api/v1/payments/subscriptions/${subscriptionId}`, { as: alice }))
        .status,
    ).toBe(204);
    expect(stand.requests.at(-1)?.path).toBe('/v1/subscriptions/sub_stripe_alice');
    expect(stand.requests.at(-1)?.form.get('cancel_at_period_end')).toBe('true');
    const [afterCancel] = await payments.database.db
      .select()
      .from(subscriptions)
      .where(eq(subscriptions.id, subscriptionId));
    expect(afterCancel).toMatchObject({ status: 'active', cancelAtPeriodEnd: true });
    expect(await payments.events('SUBSCRIPTION_CANCELED')).toHaveLength(0);

    const periodEnd = Math.floor(Date.now() / 1000);
    await deliver(
      stripeEvent(
        'customer.subscription.deleted',
        subscriptionObject({ id: 'sub_stripe_alice', subscriptionId, status: 'canceled', periodEnd }),
      ),
    );
    await deliver(
      stripeEvent(
        'customer.subscription.updated',
        subscriptionObject({ id: 'sub_stripe_alice', subscriptionId, status: 'active', periodEnd }),
      ),
    );
    const [ended] = await payments.database.db
      .select()
      .from(subscriptions)
      .where(eq(subscriptions.id, subscriptionId));
    expect(ended?.status).toBe('canceled');
    const canceled = await payments.events('SUBSCRIPTION_CANCELED');
    expect(canceled).toHaveLength(1);
    expect(canceled[0]?.data).toMatchObject({ subscriptionId, userId: alice.sub, planId: 'yearly' });
  });

  test('invoice.payment_failed tells the user through PAYMENT_FAILED without ending the subscription', async () => {
    const created = await payments.call('POST', '/api/v1/payments/subscriptions', {
      as: bob,
      body: { planId: 'monthly' },
    });
    const subscriptionId = String(created.json.id);
    const periodEnd = Math.floor(Date.now() / 1000) + 30 * 86_400;
    await deliver(
      stripeEvent(
        'invoice.paid',
        invoiceObject({ stripeSubscription: 'sub_stripe_bob', subscriptionId, periodEnd }),
      ),
    );
    const failed = stripeEvent(
      'invoice.payment_failed',
      invoiceObject({ stripeSubscription: 'sub_stripe_bob', subscriptionId, periodEnd }),
    );
    expect((await deliver(failed)).json.outcome).toBe('applied');
    const last = (await payments.events('PAYMENT_FAILED')).at(-1);
    expect(last?.data).toMatchObject({ userId: bob.sub, reason: 'invoice_payment_failed' });
    const [row] = await payments.database.db
      .select()
      .from(subscriptions)
      .where(eq(subscriptions.id, subscriptionId));
    expect(row?.status).toBe('active');
  });
});
