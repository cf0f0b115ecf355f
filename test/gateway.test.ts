import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import type { Platform } from '../scripts/lib/platform.ts';
import { gatewayRequest, STARTUP_TIMEOUT_MS, startTestPlatform } from './support.ts';

/** One public path per service, so every rule below is checked in front of every service. */
const SERVICE_PATHS = {
  users: '/api/v1/users/me',
  courses: '/api/v1/courses',
  payments: '/api/v1/payments/subscriptions',
  notifications: '/api/v1/notifications/preferences',
  progress: '/api/v1/progress/lessons/some-lesson',
} as const;

let platform: Platform;
beforeAll(async () => {
  platform = await startTestPlatform();
}, STARTUP_TIMEOUT_MS);
afterAll(async () => {
  await platform.close();
});

async function expectProblem(response: Response, status: number) {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toBe('application/problem+json');
  const problem = (await response.json()) as Record<string, unknown>;
  expect(problem.status).toBe(status);
  expect(typeof problem.title).toBe('string');
  expect(typeof problem.detail).toBe('string');
  expect(JSON.stringify(problem)).not.toMatch(/\bat .*\.ts:\d+|stack|select |insert /i);
  return problem;
}

describe('GET /api/v1/health', () => {
  test('answers 200 with every service ok', async () => {
    const response = await gatewayRequest(platform, '/api/v1/health');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      status: 'ok',
      services: { users: 'ok', courses: 'ok', payments: 'ok', notifications: 'ok', progress: 'ok' },
    });
  });

  test('echoes X-Request-Id, or mints one', async () => {
    const echoed = await gatewayRequest(platform, '/api/v1/health', {
      headers: { 'X-Request-Id': 'abc-123' },
    });
    expect(echoed.headers.get('x-request-id')).toBe('abc-123');
    const minted = await gatewayRequest(platform, '/api/v1/health');
    expect(minted.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe.each(Object.entries(SERVICE_PATHS))('in front of the %s service', (_service, path) => {
  test('a body over 1 MiB is refused with 413', async () => {
    const body = JSON.stringify({ padding: 'x'.repeat(1024 * 1024) });
    const response = await gatewayRequest(platform, path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    await expectProblem(response, 413);
  });

  test('a streamed body over 1 MiB without Content-Length is refused with 413', async () => {
    const chunk = new Uint8Array(256 * 1024).fill(32);
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= 5) return controller.close();
        sent += 1;
        controller.enqueue(chunk);
      },
    });
    const response = await gatewayRequest(platform, path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: stream,
    });
    await expectProblem(response, 413);
  });

  test('malformed JSON is a 400 problem', async () => {
    const response = await gatewayRequest(platform, path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"title": "unterminated',
    });
    const problem = await expectProblem(response, 400);
    expect(problem.detail).toContain('JSON');
  });

  test('a body that is not JSON is a 415 problem', async () => {
    const response = await gatewayRequest(platform, path, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'hello',
    });
    await expectProblem(response, 415);
  });

  test('an unknown route is a 404 problem', async () => {
    const response = await gatewayRequest(platform, `${path}/no/such/route`);
    await expectProblem(response, 404);
    expect(response.headers.get('x-request-id')).toBeTruthy();
  });
});

test('a path no service owns is a 404 problem', async () => {
  await expectProblem(await gatewayRequest(platform, '/api/v1/nothing-here'), 404);
  await expectProblem(await gatewayRequest(platform, '/not-api'), 404);
});

test('the home page answers at /', async () => {
  const response = await gatewayRequest(platform, '/');
  expect(response.status).toBe(200);
  expect(await response.text()).toContain('/api/v1/health');
});

test('the OpenAPI 3.1 document and the interactive reference are served', async () => {
  const document = (await (await gatewayRequest(platform, '/api/v1/openapi.json')).json()) as {
    openapi: string;
    paths: Record<string, unknown>;
  };
  expect(document.openapi).toBe('3.1.0');
  expect(Object.keys(document.paths)).toContain('/api/v1/health');
  const docs = await gatewayRequest(platform, '/docs');
  expect(docs.status).toBe(200);
  expect(await docs.text()).toContain('/api/v1/openapi.json');
});

test('/.well-known/jwks.json lists the token key and the certificate keys, never private parts', async () => {
  const response = await gatewayRequest(platform, '/.well-known/jwks.json');
  expect(response.status).toBe(200);
  const { keys } = (await response.json()) as { keys: Array<Record<string, string>> };
  expect(keys.some((key) => key.alg === 'RS256')).toBe(true);
  expect(keys.some((key) => key.kid?.startsWith('progress-certificates-'))).toBe(true);
  for (const key of keys) expect(key.d).toBeUndefined();
});
