import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { CoursePurchasedData } from '@edu/contracts';
import { asCaller, type ModuleUnderTest, startModuleUnderTest } from '@edu/platform/testing';
import { paymentsModule } from '../src/index.ts';
import { COURSES } from './support/courses.ts';
import {
  admin,
  alice,
  bob,
  type PaymentsUnderTest,
  STARTUP_TIMEOUT_MS,
  startPayments,
} from './support/harness.ts';

describe('course purchase with the embedded provider', () => {
  let payments: PaymentsUnderTest;
  beforeAll(async () => {
    payments = await startPayments();
  }, STARTUP_TIMEOUT_MS);
  afterAll(() => payments.close());

  test('succeeds at once, at the course price, and publishes COURSE_PURCHASED marked as test', async () => {
    const response = await payments.call('POST', `/api/v1/payments/courses/${COURSES.typescript.id}`, {
      as: alice,
      headers: { 'x-request-id': 'req-purchase-1' },
    });
    expect(response.status).toBe(201);
    expect(response.json).toMatchObject({
      userId: alice.sub,
      courseId: COURSES.typescript.id,
      amountCents: 4900,
      currency: 'USD',
      status: 'succeeded',
      test: true,
    });
    const [event] = (await payments.events('COURSE_PURCHASED')).filter(
      (e) => e.data.paymentId === response.json.id,
    );
    expect(event).toBeDefined();
    expect(CoursePurchasedData.parse(event?.data)).toEqual({
      paymentId: String(response.json.id),
      userId: alice.sub,
      courseId: COURSES.typescript.id,
      amountCents: 4900,
      currency: 'USD',
      test: true,
    });
    expect(event?.metadata).toMatchObject({ correlationId: 'req-purchase-1', source: 'payments' });
  });

  test('a client-supplied amount is ignored: the course price is charged', async () => {
    const response = await payments.call('POST', `/api/v1/payments/courses/${COURSES.postgres.id}`, {
      as: alice,
      body: { amountCents: 1, priceCents: 1, currency: 'JPY' },
    });
    expect(response.status).toBe(201);
    expect(response.json).toMatchObject({ amountCents: 12_345, currency: 'EUR' });
  });

  test('buying a course twice is a 409', async () => {
    const response = await payments.call('POST', `/api/v1/payments/courses/${COURSES.typescript.id}`, {
      as: alice,
    });
    expect(response.status).toBe(409);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
  });

  test('an unpublished, archived or unknown course is a 404', async () => {
    for (const courseId of [COURSES.draft.id, COURSES.archived.id, 'no-such-course']) {
      const response = await payments.call('POST', `/api/v1/payments/courses/${courseId}`, { as: bob });
      expect(response.status).toBe(404);
    }
    expect((await payments.call('GET', '/api/v1/payments', { as: bob })).json.items).toEqual([]);
  });

  test('an Idempotency-Key replay returns the same payment; the key cannot buy another course', async () => {
    const headers = { 'idempotency-key': 'bob-click-1' };
    const first = await payments.call('POST', `/api/v1/payments/courses/${COURSES.typescript.id}`, {
      as: bob,
      headers,
    });
    const again = await payments.call('POST', `/api/v1/payments/courses/${COURSES.typescript.id}`, {
      as: bob,
      headers,
    });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.json).toEqual(first.json);
    const other = await payments.call('POST', `/api/v1/payments/courses/${COURSES.postgres.id}`, {
      as: bob,
      headers,
    });
    expect(other.status).toBe(409);
    const purchased = (await payments.events('COURSE_PURCHASED')).filter((e) => e.data.userId === bob.sub);
    expect(purchased).toHaveLength(1);
  });

  test('anonymous callers get 401', async () => {
    const response = await payments.call('POST', `/api/v1/payments/courses/${COURSES.typescript.id}`);
    expect(response.status).toBe(401);
    expect((await payments.call('GET', '/api/v1/payments')).status).toBe(401);
  });

  test('history lists only the caller’s payments, newest first, with cursor pagination', async () => {
    const page1 = await payments.call('GET', '/api/v1/payments?limit=1', { as: alice });
    expect(page1.status).toBe(200);
    const items1 = page1.json.items as { courseId: string; userId: string }[];
    expect(items1).toHaveLength(1);
    expect(items1[0]?.courseId).toBe(COURSES.postgres.id);
    expect(typeof page1.json.nextCursor).toBe('string');
    const page2 = await payments.call('GET', `/api/v1/payments?limit=1&cursor=${page1.json.nextCursor}`, {
      as: alice,
    });
    const items2 = page2.json.items as { courseId: string }[];
    expect(items2.map((item) => item.courseId)).toEqual([COURSES.typescript.id]);
    expect(page2.json.nextCursor).toBeNull();
    expect((await payments.call('GET', '/api/v1/payments?limit=500', { as: alice })).status).toBe(400);
  });

  test('a user cannot see another user’s payment (404); the owner and admins can', async () => {
    const [mine] = (await payments.call('GET', '/api/v1/payments', { as: alice })).json.items as {
      id: string;
    }[];
    expect(mine).toBeDefined();
    const path = `/api/v1/payments/${mine?.id}`;
    expect((await payments.call('GET', path, { as: alice })).status).toBe(200);
    expect((await payments.call('GET', path, { as: bob })).status).toBe(404);
    expect((await payments.call('GET', path, { as: admin })).status).toBe(200);
  });

  test('plans are public configuration', async () => {
    const response = await payments.call('GET', '/api/v1/payments/plans');
    expect(response.status).toBe(200);
    expect(response.json.items).toEqual([
      { id: 'monthly', name: 'All access, monthly', priceCents: 1900, currency: 'USD', interval: 'month' },
      { id: 'yearly', name: 'All access, yearly', priceCents: 19000, currency: 'USD', interval: 'year' },
    ]);
  });
});

describe('concurrent purchases', () => {
  let payments: PaymentsUnderTest;
  beforeAll(async () => {
    payments = await startPayments();
  }, STARTUP_TIMEOUT_MS);
  afterAll(() => payments.close());

  test('20 concurrent requests for one user and course create exactly one payment', async () => {
    const carol = { sub: 'user-carol', roles: ['user' as const] };
    const responses = await Promise.all(
      Array.from({ length: 20 }, () =>
        payments.call('POST', `/api/v1/payments/courses/${COURSES.typescript.id}`, { as: carol }),
      ),
    );
    // Each loser either sees the winner still pending (and gets that same payment) or already paid (409).
    const created = responses.filter((response) => response.status === 201);
    expect(created.length + responses.filter((response) => response.status === 409).length).toBe(20);
    expect(new Set(created.map((response) => response.json.id)).size).toBe(1);
    expect((await payments.call('GET', '/api/v1/payments', { as: carol })).json.items).toHaveLength(1);
    expect(
      (await payments.events('COURSE_PURCHASED')).filter((e) => e.data.userId === carol.sub),
    ).toHaveLength(1);
  });

  test('20 concurrent retries with one Idempotency-Key all return the same payment', async () => {
    const dave = { sub: 'user-dave', roles: ['user' as const] };
    const headers = { 'idempotency-key': 'dave-double-click' };
    const responses = await Promise.all(
      Array.from({ length: 20 }, () =>
        payments.call('POST', `/api/v1/payments/courses/${COURSES.postgres.id}`, { as: dave, headers }),
      ),
    );
    expect(responses.map((response) => response.status)).toEqual(Array(20).fill(201));
    expect(new Set(responses.map((response) => response.json.id)).size).toBe(1);
    expect((await payments.call('GET', '/api/v1/payments', { as: dave })).json.items).toHaveLength(1);
  });
});

describe('when the course catalogue cannot answer', () => {
  let payments: ModuleUnderTest<unknown>;
  beforeAll(async () => {
    // No courses binding: the courses service answers 503, as a binding that cannot answer does.
    payments = await startModuleUnderTest(paymentsModule);
  }, STARTUP_TIMEOUT_MS);
  afterAll(() => payments.close());

  test('a purchase is a 503 unavailable problem, and nothing is recorded', async () => {
    const headers = await asCaller(alice);
    const response = await payments.app.request('/api/v1/payments/courses/some-course', {
      method: 'POST',
      headers,
    });
    expect(response.status).toBe(503);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(((await response.json()) as { title: string }).title).toBe('Service Unavailable');
    const list = await payments.app.request('/api/v1/payments', { headers });
    expect(((await list.json()) as { items: unknown[] }).items).toEqual([]);
  });
});
