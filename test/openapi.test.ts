import { afterAll, beforeAll, expect, test } from 'bun:test';
import type { Platform } from '../scripts/lib/platform.ts';
import { gatewayRequest, startTestPlatform } from './support.ts';

let platform: Platform;
beforeAll(async () => {
  platform = await startTestPlatform();
});
afterAll(async () => {
  await platform.close();
});

/**
 * The routes of docs/API.md's first version, none of the planned ones (each service's openapi
 * test pins its additions). Realtime's WebSocket upgrade is served outside the gateway's fetch.
 */
const API_MD_ROUTES: Array<[method: string, path: string]> = [
  ['get', '/api/v1/health'],
  ['get', '/api/v1/openapi.json'],
  ['post', '/api/v1/auth/register'],
  ['post', '/api/v1/auth/login'],
  ['post', '/api/v1/auth/refresh'],
  ['post', '/api/v1/auth/logout'],
  ['get', '/api/v1/auth/me'],
  ['get', '/.well-known/jwks.json'],
  ['get', '/api/v1/users/me'],
  ['patch', '/api/v1/users/me'],
  ['get', '/api/v1/users'],
  ['put', '/api/v1/users/{id}/roles'],
  ['get', '/api/v1/courses'],
  ['post', '/api/v1/courses'],
  ['get', '/api/v1/courses/{id}'],
  ['patch', '/api/v1/courses/{id}'],
  ['post', '/api/v1/courses/{id}/publish'],
  ['get', '/api/v1/courses/{id}/lessons'],
  ['post', '/api/v1/courses/{id}/lessons'],
  ['get', '/api/v1/courses/{id}/lessons/{lessonId}'],
  ['get', '/api/v1/me/courses'],
  ['get', '/api/v1/payments/plans'],
  ['post', '/api/v1/payments/courses/{courseId}'],
  ['get', '/api/v1/payments'],
  ['post', '/api/v1/payments/subscriptions'],
  ['delete', '/api/v1/payments/subscriptions/{id}'],
  ['post', '/api/v1/payments/{paymentId}/refund'],
  ['post', '/api/v1/payments/webhooks/stripe'],
  ['post', '/api/v1/progress/lessons/{lessonId}'],
  ['get', '/api/v1/progress/courses/{courseId}'],
  ['get', '/api/v1/certificates/{id}'],
  ['get', '/api/v1/certificates/{id}/verify'],
  ['post', '/api/v1/certificates/verify'],
  ['get', '/api/v1/notifications'],
  ['post', '/api/v1/notifications/{id}/read'],
  ['get', '/api/v1/notifications/preferences'],
  ['put', '/api/v1/notifications/preferences'],
  ['post', '/api/v1/notifications/push-subscriptions'],
  ['post', '/api/v1/realtime/ticket'],
];

interface Operation {
  summary?: string;
  tags?: string[];
  responses: Record<string, { content?: Record<string, unknown> }>;
}

test('the gateway serves one OpenAPI 3.1 document with every route of docs/API.md, from every service', async () => {
  const response = await gatewayRequest(platform, '/api/v1/openapi.json');
  expect(response.status).toBe(200);
  const document = (await response.json()) as {
    openapi: string;
    paths: Record<string, Record<string, Operation>>;
    tags: Array<{ name: string }>;
  };
  expect(document.openapi).toBe('3.1.0');
  const missing = API_MD_ROUTES.filter(([method, path]) => !document.paths[path]?.[method]);
  expect(missing).toEqual([]);
  for (const [method, path] of API_MD_ROUTES) {
    const operation = document.paths[path]?.[method];
    expect(operation?.summary ?? '').not.toBe('');
  }
  expect(Object.keys(document.paths).some((path) => path === '/health' || path === '/openapi.json')).toBe(
    false,
  );
  expect(document.tags.length).toBeGreaterThan(3);
});
