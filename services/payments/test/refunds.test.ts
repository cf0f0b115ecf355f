import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { PaymentRefundedData } from '@edu/contracts';
import { COURSES } from './support/courses.ts';
import {
  admin,
  alice,
  bob,
  type PaymentsUnderTest,
  STARTUP_TIMEOUT_MS,
  startPayments,
} from './support/harness.ts';

describe('refunds and the audit trail', () => {
  let payments: PaymentsUnderTest;
  let paymentId: string;
  beforeAll(async () => {
    payments = await startPayments();
    const bought = await payments.call('POST', `/api/v1/payments/courses/${COURSES.typescript.id}`, {
      as: alice,
    });
    paymentId = String(bought.json.id);
  }, STARTUP_TIMEOUT_MS);
  afterAll(() => payments.close());

  test('a user cannot refund (403), anonymous callers get 401', async () => {
    const path = `/api/v1/payments/${paymentId}/refund`;
    expect((await payments.call('POST', path, { as: alice, body: { reason: 'please' } })).status).toBe(403);
    expect((await payments.call('POST', path, { body: {} })).status).toBe(401);
    expect((await payments.events('PAYMENT_REFUNDED')).length).toBe(0);
  });

  test('an admin refund answers 201 Refund, marks the payment refunded and publishes PAYMENT_REFUNDED', async () => {
    const response = await payments.call('POST', `/api/v1/payments/${paymentId}/refund`, {
      as: admin,
      body: { reason: 'Course did not match its description' },
    });
    expect(response.status).toBe(201);
    expect(response.json).toMatchObject({ paymentId, amountCents: 4900, status: 'succeeded' });
    const payment = await payments.call('GET', `/api/v1/payments/${paymentId}`, { as: alice });
    expect(payment.json.status).toBe('refunded');
    const [event] = await payments.events('PAYMENT_REFUNDED');
    expect(PaymentRefundedData.parse(event?.data)).toEqual({
      paymentId,
      refundId: String(response.json.id),
      userId: alice.sub,
      courseId: COURSES.typescript.id,
      amountCents: 4900,
      currency: 'USD',
      reason: 'Course did not match its description',
    });
  });

  test('refunding twice is a 409, an unknown payment a 404', async () => {
    expect(
      (await payments.call('POST', `/api/v1/payments/${paymentId}/refund`, { as: admin, body: {} })).status,
    ).toBe(409);
    expect(
      (await payments.call('POST', '/api/v1/payments/nope/refund', { as: admin, body: {} })).status,
    ).toBe(404);
    expect(await payments.events('PAYMENT_REFUNDED')).toHaveLength(1);
  });

  test('after a refund the course can be bought again', async () => {
    const again = await payments.call('POST', `/api/v1/payments/courses/${COURSES.typescript.id}`, {
      as: alice,
    });
    expect(again.status).toBe(201);
  });

  test('admins read every state change of a payment; users cannot', async () => {
    const path = `/api/v1/payments/${paymentId}/audit`;
    expect((await payments.call('GET', path, { as: alice })).status).toBe(403);
    expect((await payments.call('GET', '/api/v1/payments/nope/audit', { as: admin })).status).toBe(404);
    const response = await payments.call('GET', path, { as: admin });
    expect(response.status).toBe(200);
    const items = response.json.items as {
      action: string;
      fromStatus: string | null;
      toStatus: string;
      actor: string;
    }[];
    expect(items.map(({ action, fromStatus, toStatus }) => [action, fromStatus, toStatus])).toEqual([
      ['created', null, 'pending'],
      ['captured', 'pending', 'succeeded'],
      ['refund_requested', 'succeeded', 'succeeded'],
      ['refunded', 'succeeded', 'refunded'],
    ]);
    expect(items[0]?.actor).toBe(alice.sub);
    expect(items[3]?.actor).toBe(`admin:${admin.sub}`);
  });

  test('concurrent refunds of one payment refund it once', async () => {
    const bought = await payments.call('POST', `/api/v1/payments/courses/${COURSES.postgres.id}`, {
      as: bob,
    });
    const path = `/api/v1/payments/${bought.json.id}/refund`;
    const responses = await Promise.all(
      Array.from({ length: 5 }, () => payments.call('POST', path, { as: admin, body: {} })),
    );
    expect(responses.filter((response) => response.status === 201)).toHaveLength(1);
    expect(responses.filter((response) => response.status === 409)).toHaveLength(4);
    expect(
      (await payments.events('PAYMENT_REFUNDED')).filter((e) => e.data.paymentId === bought.json.id),
    ).toHaveLength(1);
  });
});
