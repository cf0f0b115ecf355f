import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { paymentListScope } from '../src/domain/payment-list.ts';
import { COURSES } from './support/courses.ts';
import {
  admin,
  alice,
  bob,
  type PaymentsUnderTest,
  STARTUP_TIMEOUT_MS,
  startPayments,
} from './support/harness.ts';

type ListedPayment = { id: string; userId: string; courseId: string; status: string };
const itemsOf = (json: Record<string, unknown>) => json.items as ListedPayment[];

describe('whose payments a caller may list (domain rule)', () => {
  test('users list their own; everyone else is for admins', () => {
    expect(paymentListScope(alice, { all: false })).toEqual({ userId: alice.sub });
    expect(paymentListScope(alice, { all: false, userId: alice.sub })).toEqual({ userId: alice.sub });
    expect(paymentListScope(alice, { all: true })).toBe('forbidden');
    expect(paymentListScope(alice, { all: false, userId: bob.sub })).toBe('forbidden');
    expect(paymentListScope(admin, { all: true })).toBe('everyone');
    expect(paymentListScope(admin, { all: true, userId: bob.sub })).toEqual({ userId: bob.sub });
    expect(paymentListScope(admin, { all: false })).toEqual({ userId: admin.sub });
  });
});

describe('GET /api/v1/payments?all=true (admin list of every payment)', () => {
  let payments: PaymentsUnderTest;
  let aliceTypescript: string;
  let alicePostgres: string;
  let bobTypescript: string;
  beforeAll(async () => {
    payments = await startPayments();
    const buy = async (as: typeof alice, courseId: string) =>
      String((await payments.call('POST', `/api/v1/payments/courses/${courseId}`, { as })).json.id);
    aliceTypescript = await buy(alice, COURSES.typescript.id);
    alicePostgres = await buy(alice, COURSES.postgres.id);
    bobTypescript = await buy(bob, COURSES.typescript.id);
    await payments.call('POST', `/api/v1/payments/${alicePostgres}/refund`, { as: admin, body: {} });
  }, STARTUP_TIMEOUT_MS);
  afterAll(() => payments.close());

  test('an admin sees every user’s payments, newest first', async () => {
    const response = await payments.call('GET', '/api/v1/payments?all=true', { as: admin });
    expect(response.status).toBe(200);
    expect(itemsOf(response.json).map((payment) => payment.id)).toEqual([
      bobTypescript,
      alicePostgres,
      aliceTypescript,
    ]);
    expect(response.json.nextCursor).toBeNull();
  });

  test('status and userId narrow the list', async () => {
    const refunded = await payments.call('GET', '/api/v1/payments?all=true&status=refunded', { as: admin });
    expect(itemsOf(refunded.json).map((payment) => payment.id)).toEqual([alicePostgres]);
    const bobs = await payments.call('GET', `/api/v1/payments?all=true&userId=${bob.sub}`, { as: admin });
    expect(itemsOf(bobs.json).map((payment) => payment.id)).toEqual([bobTypescript]);
    const both = await payments.call(
      'GET',
      `/api/v1/payments?all=true&userId=${alice.sub}&status=succeeded`,
      { as: admin },
    );
    expect(itemsOf(both.json).map((payment) => payment.id)).toEqual([aliceTypescript]);
    // Without all=true, userId alone also works for an admin.
    const byUser = await payments.call('GET', `/api/v1/payments?userId=${bob.sub}`, { as: admin });
    expect(itemsOf(byUser.json)).toHaveLength(1);
  });

  test('pages with a cursor walk every payment once', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
      const page = await payments.call('GET', `/api/v1/payments?all=true&limit=2${query}`, { as: admin });
      expect(page.status).toBe(200);
      seen.push(...itemsOf(page.json).map((payment) => payment.id));
      cursor = page.json.nextCursor as string | null;
    } while (cursor);
    expect(seen).toEqual([bobTypescript, alicePostgres, aliceTypescript]);
  });

  test('without all=true an admin still gets only their own payments', async () => {
    const response = await payments.call('GET', '/api/v1/payments', { as: admin });
    expect(itemsOf(response.json)).toEqual([]);
  });

  test('users get 403 for all=true or another user’s payments, anonymous callers 401', async () => {
    const forbidden = await payments.call('GET', '/api/v1/payments?all=true', { as: alice });
    expect(forbidden.status).toBe(403);
    expect(forbidden.headers.get('content-type')).toContain('application/problem+json');
    expect((await payments.call('GET', `/api/v1/payments?userId=${bob.sub}`, { as: alice })).status).toBe(
      403,
    );
    expect((await payments.call('GET', '/api/v1/payments?all=true')).status).toBe(401);
    // Filtering one's own list is fine.
    const own = await payments.call('GET', `/api/v1/payments?userId=${alice.sub}&status=refunded`, {
      as: alice,
    });
    expect(itemsOf(own.json).map((payment) => payment.id)).toEqual([alicePostgres]);
  });

  test('bad filters are 400 problems', async () => {
    for (const query of ['all=yes', 'status=lost', 'userId=', 'limit=0']) {
      const response = await payments.call('GET', `/api/v1/payments?${query}`, { as: admin });
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
    }
  });
});
