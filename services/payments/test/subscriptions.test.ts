import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { SubscriptionEventData } from '@edu/contracts';
import {
  admin,
  alice,
  bob,
  type PaymentsUnderTest,
  STARTUP_TIMEOUT_MS,
  startPayments,
} from './support/harness.ts';

describe('subscriptions with the embedded provider', () => {
  let payments: PaymentsUnderTest;
  beforeAll(async () => {
    payments = await startPayments();
  }, STARTUP_TIMEOUT_MS);
  afterAll(() => payments.close());

  test('subscribing answers 201 active and publishes SUBSCRIPTION_CREATED', async () => {
    const response = await payments.call('POST', '/api/v1/payments/subscriptions', {
      as: alice,
      body: { planId: 'monthly' },
    });
    expect(response.status).toBe(201);
    expect(response.json).toMatchObject({ userId: alice.sub, planId: 'monthly', status: 'active' });
    const periodEnd = Date.parse(String(response.json.currentPeriodEnd));
    expect(periodEnd - Date.now()).toBeGreaterThan(27 * 86_400_000);
    const [event] = await payments.events('SUBSCRIPTION_CREATED');
    expect(SubscriptionEventData.parse(event?.data)).toEqual({
      subscriptionId: String(response.json.id),
      userId: alice.sub,
      planId: 'monthly',
      currentPeriodEnd: String(response.json.currentPeriodEnd),
    });
  });

  test('a second live subscription is a 409; an unknown plan a 404; a missing plan a 400', async () => {
    expect(
      (
        await payments.call('POST', '/api/v1/payments/subscriptions', {
          as: alice,
          body: { planId: 'yearly' },
        })
      ).status,
    ).toBe(409);
    expect(
      (await payments.call('POST', '/api/v1/payments/subscriptions', { as: bob, body: { planId: 'weekly' } }))
        .status,
    ).toBe(404);
    expect(
      (await payments.call('POST', '/api/v1/payments/subscriptions', { as: bob, body: {} })).status,
    ).toBe(400);
    expect(
      (await payments.call('POST', '/api/v1/payments/subscriptions', { body: { planId: 'monthly' } })).status,
    ).toBe(401);
  });

  test('the owner and admins read a subscription; anyone else gets 404, anonymous 401', async () => {
    const [created] = await payments.events('SUBSCRIPTION_CREATED');
    const path = `/api/v1/payments/subscriptions/${String(created?.data.subscriptionId)}`;
    const own = await payments.call('GET', path, { as: alice });
    expect(own.status).toBe(200);
    expect(own.json).toMatchObject({ userId: alice.sub, planId: 'monthly', status: 'active' });
    expect((await payments.call('GET', path, { as: admin })).status).toBe(200);
    expect((await payments.call('GET', path, { as: bob })).status).toBe(404);
    expect((await payments.call('GET', path)).status).toBe(401);
    expect((await payments.call('GET', '/api/v1/payments/subscriptions/unknown', { as: alice })).status).toBe(
      404,
    );
  });

  test('another user cannot cancel it (404); the owner cancels at once: 204 and SUBSCRIPTION_CANCELED', async () => {
    const [created] = await payments.events('SUBSCRIPTION_CREATED');
    const id = String(created?.data.subscriptionId);
    expect((await payments.call('DELETE', `/api/v1/payments/subscriptions/${id}`, { as: bob })).status).toBe(
      404,
    );
    expect(await payments.events('SUBSCRIPTION_CANCELED')).toHaveLength(0);
    expect(
      (await payments.call('DELETE', `/api/v1/payments/subscriptions/${id}`, { as: alice })).status,
    ).toBe(204);
    const canceled = await payments.events('SUBSCRIPTION_CANCELED');
    expect(canceled).toHaveLength(1);
    expect(SubscriptionEventData.parse(canceled[0]?.data)).toMatchObject({
      subscriptionId: id,
      userId: alice.sub,
      planId: 'monthly',
    });
    // Cancelling again changes nothing.
    expect(
      (await payments.call('DELETE', `/api/v1/payments/subscriptions/${id}`, { as: alice })).status,
    ).toBe(204);
    expect(await payments.events('SUBSCRIPTION_CANCELED')).toHaveLength(1);
  });

  test('an admin may cancel anyone’s subscription', async () => {
    const created = await payments.call('POST', '/api/v1/payments/subscriptions', {
      as: bob,
      body: { planId: 'yearly' },
    });
    expect(created.status).toBe(201);
    expect(
      (await payments.call('DELETE', `/api/v1/payments/subscriptions/${created.json.id}`, { as: admin }))
        .status,
    ).toBe(204);
    expect(await payments.events('SUBSCRIPTION_CANCELED')).toHaveLength(2);
  });
});
