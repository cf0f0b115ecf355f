import { afterAll, beforeAll, expect, test } from 'bun:test';
import type { Platform } from '../scripts/lib/platform.ts';
import { callApi, gatewayRequest, signIn, startTestPlatform } from './support.ts';

let platform: Platform;
beforeAll(async () => {
  platform = await startTestPlatform();
}, 60_000);
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

interface DocumentedOperation {
  parameters?: Array<{ in: string; name: string; schema?: { enum?: unknown[] } }>;
  requestBody?: unknown;
  responses: Record<string, { content?: Record<string, unknown> }>;
}

async function everyOperation(): Promise<
  Array<{ method: string; path: string; operation: DocumentedOperation }>
> {
  const response = await gatewayRequest(platform, '/api/v1/openapi.json');
  const document = (await response.json()) as { paths: Record<string, Record<string, DocumentedOperation>> };
  return Object.entries(document.paths).flatMap(([path, operations]) =>
    Object.entries(operations).map(([method, operation]) => ({ method, path, operation })),
  );
}

const clientErrors = (operation: DocumentedOperation) =>
  Object.keys(operation.responses).filter((status) => status.startsWith('4'));

/**
 * The gateway's own routes that read neither input nor a token (it verifies tokens only on the
 * routes it forwards): nothing a client sends can make them answer a 4xx.
 */
const NO_CLIENT_ERROR_POSSIBLE = [
  'get /api/v1/health',
  'get /.well-known/jwks.json',
  'get /api/v1/openapi.json',
];

test('every operation documents the 4xx its input can cause, each as problem+json', async () => {
  const missing: string[] = [];
  for (const { method, path, operation } of await everyOperation()) {
    const name = `${method} ${path}`;
    const documented = clientErrors(operation);
    const parameters = operation.parameters ?? [];
    const expected = new Set<string>();
    // Any input can be malformed or invalid.
    if (operation.requestBody !== undefined || parameters.length > 0) expected.add('400');
    // The gateway refuses bodies over its limit before any service sees them.
    if (operation.requestBody !== undefined) expected.add('413');
    // A path id may name nothing; an enum-typed path parameter refuses unknown values with 400 instead.
    if (parameters.some((parameter) => parameter.in === 'path' && parameter.schema?.enum === undefined)) {
      expected.add('404');
    }
    // The gateway refuses a bad bearer token on every route it forwards to a service, public ones
    // too; its own routes (/api/v1/auth/*, health, JWKS, this document) read a token only where
    // they need a caller, and the probe below holds those to what they answer.
    if (!NO_CLIENT_ERROR_POSSIBLE.includes(name) && !path.startsWith('/api/v1/auth/')) expected.add('401');
    for (const status of expected) if (!documented.includes(status)) missing.push(`${name}: ${status}`);
    for (const status of documented) {
      if (!operation.responses[status]?.content?.['application/problem+json']) {
        missing.push(`${name}: ${status} is not problem+json`);
      }
    }
    if (documented.length === 0 && !NO_CLIENT_ERROR_POSSIBLE.includes(name)) missing.push(`${name}: no 4xx`);
  }
  expect(missing).toEqual([]);
});

test('every 4xx an operation answers to a stranger, a bad token or a plain learner is one it documents', async () => {
  const email = `openapi-${crypto.randomUUID()}@example.com`;
  await callApi(platform, '/api/v1/auth/register', {
    method: 'POST',
    body: { email, password: 'long enough password', name: 'OpenAPI Prober' },
  });
  const learner = await signIn(platform, email, 'long enough password');
  const undocumented: string[] = [];
  for (const { method, path, operation } of await everyOperation()) {
    // Path ids that name nothing: the answers are refusals, so probing changes no state.
    const url = path.replace(/\{[^}]+\}/g, 'no-such-id');
    const bodies = operation.requestBody === undefined ? [undefined] : [undefined, '{}'];
    for (const [caller, token] of [
      ['anonymous', undefined],
      ['bad token', 'not-a-token'],
      ['learner', learner],
    ] as const) {
      for (const body of bodies) {
        const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
        if (body !== undefined) headers['content-type'] = 'application/json';
        const response = await gatewayRequest(platform, url, { method: method.toUpperCase(), headers, body });
        await response.body?.cancel();
        const status = String(response.status);
        if (status.startsWith('4') && !(status in operation.responses)) {
          undocumented.push(`${method} ${path} (${caller}${body ? ', empty body' : ''}): ${status}`);
        }
      }
    }
  }
  expect(undocumented).toEqual([]);
}, 60_000);
