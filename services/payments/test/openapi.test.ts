import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { type PaymentsUnderTest, STARTUP_TIMEOUT_MS, startPayments } from './support/harness.ts';

interface Operation {
  summary?: string;
  responses?: Record<string, unknown>;
}

describe('the payments OpenAPI description', () => {
  let payments: PaymentsUnderTest;
  beforeAll(async () => {
    payments = await startPayments();
  }, STARTUP_TIMEOUT_MS);
  afterAll(() => payments.close());

  test('describes every public route with a summary and its problem+json errors', async () => {
    const document = (await (await payments.app.request('/openapi.json')).json()) as {
      paths?: Record<string, Partial<Record<'get' | 'post' | 'delete', Operation>>>;
    };
    const operations = Object.entries(document.paths ?? {})
      .filter(([path]) => path.startsWith('/api/v1/'))
      .flatMap(([path, item]) =>
        (['get', 'post', 'delete'] as const).flatMap((method) =>
          item[method] ? [{ path, method, operation: item[method] }] : [],
        ),
      );
    expect(operations.map(({ method, path }) => `${method.toUpperCase()} ${path}`).sort()).toEqual([
      'DELETE /api/v1/payments/subscriptions/{id}',
      'GET /api/v1/payments',
      'GET /api/v1/payments/plans',
      'GET /api/v1/payments/subscriptions/{id}',
      'GET /api/v1/payments/{paymentId}',
      'GET /api/v1/payments/{paymentId}/audit',
      'POST /api/v1/payments/courses/{courseId}',
      'POST /api/v1/payments/subscriptions',
      'POST /api/v1/payments/webhooks/stripe',
      'POST /api/v1/payments/{paymentId}/refund',
    ]);
    for (const { path, operation } of operations) {
      expect(operation?.summary).toBeTruthy();
      if (path === '/api/v1/payments/plans') continue;
      const errors = Object.entries(operation?.responses ?? {}).filter(([status]) => Number(status) >= 400);
      expect(errors.length).toBeGreaterThan(0);
      for (const [, response] of errors)
        expect(Object.keys((response as { content?: object }).content ?? {})).toEqual([
          'application/problem+json',
        ]);
    }
  });
});
