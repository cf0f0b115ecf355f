import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { sql } from 'drizzle-orm';
import { createEmbeddedProvider } from '../src/adapters/payment-provider/embedded.ts';
import { toStripeAmount } from '../src/adapters/payment-provider/stripe-amounts.ts';
import { COURSES } from './support/courses.ts';
import {
  alice,
  bob,
  type PaymentsUnderTest,
  STARTUP_TIMEOUT_MS,
  startPayments,
  stripeProviderAt,
} from './support/harness.ts';
import { type StripeStandIn, startStripeStandIn } from './support/stripe-stand-in.ts';

describe('Stripe amounts from ISO 4217 minor units', () => {
  test('two-decimal, zero-decimal and three-decimal currencies keep their amount', () => {
    expect(toStripeAmount(4900, 'USD')).toEqual({ ok: true, amount: 4900 });
    expect(toStripeAmount(1000, 'JPY')).toEqual({ ok: true, amount: 1000 });
    expect(toStripeAmount(1500, 'KWD')).toEqual({ ok: true, amount: 1500 });
  });

  test('where Stripe’s unit is not ISO’s, the amount is rescaled: ISK ×100, MGA ÷100', () => {
    expect(toStripeAmount(5, 'ISK')).toEqual({ ok: true, amount: 500 });
    expect(toStripeAmount(5000, 'MGA')).toEqual({ ok: true, amount: 50 });
  });

  test('amounts Stripe cannot charge are refused with a reason, not rounded', () => {
    for (const [amount, currency] of [
      [1005, 'KWD'],
      [5050, 'MGA'],
      [100, 'XAU'],
      [100, 'IRR'],
    ] as const) {
      const result = toStripeAmount(amount, currency);
      expect(result.ok).toBe(false);
    }
  });
});

describe('prices in currencies without two decimals, bought through Stripe (stand-in)', () => {
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

  test('a JPY course priced 1000 is charged ¥1,000: Stripe receives unit_amount 1000 in jpy', async () => {
    const bought = await payments.call('POST', `/api/v1/payments/courses/${COURSES.yen.id}`, { as: alice });
    expect(bought.status).toBe(201);
    expect(bought.json).toMatchObject({ amountCents: 1000, currency: 'JPY', status: 'pending' });
    const session = stand.requests.findLast((request) => request.path === '/v1/checkout/sessions');
    expect(session?.form.get('line_items[0][price_data][unit_amount]')).toBe('1000');
    expect(session?.form.get('line_items[0][price_data][currency]')).toBe('jpy');
  });

  test('KWD 1.005 is a 422 problem before any checkout: Stripe takes KWD only in tens of fils', async () => {
    const sessions = stand.requests.length;
    const refused = await payments.call('POST', `/api/v1/payments/courses/${COURSES.fils.id}`, { as: bob });
    expect(refused.status).toBe(422);
    expect(refused.headers.get('content-type')).toBe('application/problem+json');
    expect(String(refused.json.detail)).toContain('KWD');
    expect(stand.requests.length).toBe(sessions);
    expect((await payments.call('GET', '/api/v1/payments', { as: bob })).json.items).toEqual([]);
  });
});

describe('a currency the payment provider cannot take', () => {
  let payments: PaymentsUnderTest;
  beforeAll(async () => {
    payments = await startPayments({ provider: createEmbeddedProvider() });
  }, STARTUP_TIMEOUT_MS);
  afterAll(() => payments.close());

  test('a course stored in one (from before currencies were checked) is a 422 at purchase, with no payment', async () => {
    // The courses API refuses such a currency now, so the old row is made directly.
    await payments.coursesService.database.db.execute(
      sql`update courses.courses set currency = 'IRR' where id = ${COURSES.postgres.id}`,
    );
    const refused = await payments.call('POST', `/api/v1/payments/courses/${COURSES.postgres.id}`, {
      as: alice,
    });
    expect(refused.status).toBe(422);
    expect(refused.headers.get('content-type')).toBe('application/problem+json');
    expect(String(refused.json.detail)).toContain('IRR');
    expect((await payments.call('GET', '/api/v1/payments', { as: alice })).json.items).toEqual([]);
  });
});
