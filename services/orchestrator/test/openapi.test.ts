import { afterAll, beforeAll, expect, test } from 'bun:test';
import { SERVICE_NAMES, type ServiceName } from '@edu/contracts';
import type { ServiceBinding } from '@edu/platform';
import { createMemoryCache } from '@edu/platform/cache';
import { silentLogger, TEST_IDENTITY_SECRET } from '@edu/platform/testing';
import { createApp } from '../src/app.ts';
import { type IssuerUnderTest, startEmbeddedIssuer } from './support/issuer.ts';

let subject: IssuerUnderTest;
beforeAll(async () => {
  subject = await startEmbeddedIssuer();
}, 60_000);
afterAll(async () => {
  await subject.close();
});

interface OpenApiDocument {
  paths: Record<
    string,
    Record<string, { summary?: string; responses: Record<string, unknown>; security?: unknown[] }>
  >;
  components: { securitySchemes?: Record<string, unknown> };
}

test('the auth surface of docs/API.md is in the OpenAPI document, with every error status', async () => {
  // Services with no routes of their own: only the gateway's surface is checked here.
  const unreachable: ServiceBinding = {
    fetch: async () => Response.json({ openapi: '3.1.0', info: { title: 'empty', version: '0' }, paths: {} }),
  };
  const gateway = createApp({
    services: Object.fromEntries(SERVICE_NAMES.map((name) => [name, unreachable])) as Record<
      ServiceName,
      ServiceBinding
    >,
    logger: silentLogger,
    identitySecret: TEST_IDENTITY_SECRET,
    identity: subject.issuer,
    cache: createMemoryCache(),
  });
  const document = (await (await gateway.request('/api/v1/openapi.json')).json()) as OpenApiDocument;
  const expected: Array<[string, string, string[]]> = [
    // 502: the identity provider (Auth0) or the human check; 503 (502 before issue 16): the users service.
    ['/api/v1/auth/register', 'post', ['201', '400', '409', '413', '415', '429', '502', '503']],
    ['/api/v1/auth/login', 'post', ['200', '400', '401', '413', '415', '429', '502', '503']],
    ['/api/v1/auth/refresh', 'post', ['200', '400', '401', '413', '415', '429', '502', '503']],
    ['/api/v1/auth/logout', 'post', ['302', '400', '413', '429', '502']],
    ['/api/v1/auth/me', 'get', ['200', '401', '403', '404', '429', '503']],
    ['/.well-known/jwks.json', 'get', ['200']],
    ['/api/v1/auth/token', 'post', ['200', '400', '401', '413', '415', '429', '502']],
    ['/api/v1/auth/clients', 'post', ['201', '400', '401', '403', '409', '413', '415', '429']],
    ['/api/v1/auth/clients', 'get', ['200', '400', '401', '403', '409', '429']],
    ['/api/v1/auth/clients/{clientId}', 'delete', ['204', '400', '401', '403', '404', '409', '429']],
  ];
  for (const [path, method, statuses] of expected) {
    const operation = document.paths[path]?.[method];
    expect(operation?.summary).toBeString();
    expect(Object.keys(operation?.responses ?? {}).sort()).toEqual([...statuses].sort());
  }
  expect(document.paths['/api/v1/auth/me']?.get?.security).toEqual([{ bearerAuth: [] }]);
  expect(document.components.securitySchemes?.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
  expect(document.components.securitySchemes?.partnerOAuth).toMatchObject({
    type: 'oauth2',
    flows: { clientCredentials: { tokenUrl: '/api/v1/auth/token' } },
  });
  const token = document.paths['/api/v1/auth/token']?.post as unknown as {
    requestBody: { content: Record<string, unknown> };
  };
  expect(Object.keys(token.requestBody.content).sort()).toEqual([
    'application/json',
    'application/x-www-form-urlencoded',
  ]);
});

test("partner routes gain the gateway's per-client 429, every other API route its per-address one", async () => {
  const progress: ServiceBinding = {
    fetch: async () =>
      Response.json({
        openapi: '3.1.0',
        info: { title: 'progress', version: '0' },
        paths: {
          '/api/v1/partner/progress': { get: { responses: { 200: { description: 'ok' } } } },
          '/api/v1/progress/me': { get: { responses: { 200: { description: 'ok' } } } },
        },
      }),
  };
  const gateway = createApp({
    services: Object.fromEntries(SERVICE_NAMES.map((name) => [name, progress])) as Record<
      ServiceName,
      ServiceBinding
    >,
    logger: silentLogger,
    identitySecret: TEST_IDENTITY_SECRET,
    identity: subject.issuer,
    cache: createMemoryCache(),
  });
  const document = (await (await gateway.request('/api/v1/openapi.json')).json()) as {
    paths: Record<
      string,
      Record<string, { responses: Record<string, { headers?: Record<string, unknown> }> }>
    >;
  };
  const limited = document.paths['/api/v1/partner/progress']?.get?.responses['429'];
  expect(Object.keys(limited?.headers ?? {})).toContain('RateLimit-Policy');
  const anyRoute = document.paths['/api/v1/progress/me']?.get?.responses['429'] as
    | { description?: string; headers?: Record<string, unknown> }
    | undefined;
  expect(anyRoute?.description).toContain('address');
  expect(Object.keys(anyRoute?.headers ?? {})).toEqual(
    expect.arrayContaining(['Retry-After', 'RateLimit-Remaining']),
  );
});

test("service operations gain the gateway's 401 for a bad token, also public ones that document none", async () => {
  const courses: ServiceBinding = {
    fetch: async () =>
      Response.json({
        openapi: '3.1.0',
        info: { title: 'courses', version: '0' },
        paths: {
          '/api/v1/public-thing': { get: { responses: { 200: { description: 'ok' } } } },
          '/api/v1/protected-thing': {
            get: { responses: { 200: { description: 'ok' }, 401: { description: 'Sign in' } } },
          },
        },
      }),
  };
  const gateway = createApp({
    services: Object.fromEntries(SERVICE_NAMES.map((name) => [name, courses])) as Record<
      ServiceName,
      ServiceBinding
    >,
    logger: silentLogger,
    identitySecret: TEST_IDENTITY_SECRET,
    identity: subject.issuer,
    cache: createMemoryCache(),
  });
  const document = (await (await gateway.request('/api/v1/openapi.json')).json()) as {
    paths: Record<string, Record<string, { responses: Record<string, { description: string }> }>>;
  };
  expect(document.paths['/api/v1/public-thing']?.get?.responses['401']?.description).toContain('bad token');
  // A service's own 401 is kept as it wrote it.
  expect(document.paths['/api/v1/protected-thing']?.get?.responses['401']?.description).toBe('Sign in');
  // The gateway's own input-less routes check no token: they gain no 401, only the rate limit's 429.
  expect(Object.keys(document.paths['/api/v1/health']?.get?.responses ?? {}).sort()).toEqual([
    '200',
    '429',
    '503',
  ]);
});
