import { afterAll, beforeAll, expect, test } from 'bun:test';
import type { Platform } from '../../scripts/lib/platform.ts';
import { gatewayRequest, STARTUP_TIMEOUT_MS, startTestPlatform } from '../support.ts';

/** What schemathesis found (test/contract/schemathesis.ci.ts), kept as plain regression tests. */
let platform: Platform;
let token = '';
beforeAll(async () => {
  platform = await startTestPlatform();
  await platform.seed();
  const login = await gatewayRequest(platform, '/api/v1/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'learner@example.com', password: 'learner-password' }),
  });
  token = String(((await login.json()) as { access_token: string }).access_token);
}, STARTUP_TIMEOUT_MS);
afterAll(async () => {
  await platform.close();
});

async function expectProblem400(path: string, init: { method?: string; body?: unknown } = {}) {
  const response = await gatewayRequest(platform, path, {
    method: init.method ?? 'GET',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  });
  expect(response.status).toBe(400);
  expect(response.headers.get('content-type')).toStartWith('application/problem+json');
}

test('NUL (PostgreSQL text cannot hold it) and out-of-range numbers are 400 where input reaches a query', async () => {
  await expectProblem400('/api/v1/users/me', { method: 'PATCH', body: { name: 'a\u0000b' } });
  await expectProblem400('/api/v1/courses?instructorId=%00');
  await expectProblem400('/api/v1/payments?cursor=a%00b');
  await expectProblem400('/api/v1/payments/a%00b');
  await expectProblem400('/api/v1/notifications?cursor=%00');
  // Past the range of the integer column compared with.
  await expectProblem400('/api/v1/courses?maxPrice=15996277065');
});

test('push subscription keys of the wrong size are refused, not stored to fail every delivery', async () => {
  await expectProblem400('/api/v1/notifications/push-subscriptions', {
    method: 'POST',
    body: { endpoint: 'https://push.example.com/x', keys: { p256dh: 'B'.repeat(80), auth: 'A'.repeat(16) } },
  });
});

test('the merged document tells every operation with a body about the gateway’s 413', async () => {
  const document = (await (await gatewayRequest(platform, '/api/v1/openapi.json')).json()) as {
    paths: Record<string, Record<string, { requestBody?: unknown; responses: Record<string, unknown> }>>;
  };
  const withBody = Object.values(document.paths).flatMap((operations) =>
    Object.values(operations).filter((operation) => operation.requestBody !== undefined),
  );
  expect(withBody.length).toBeGreaterThan(10);
  for (const operation of withBody) expect(operation.responses['413']).toBeDefined();
});
