import { afterAll, beforeAll, expect, test } from 'bun:test';
import { SERVICE_NAMES, type ServiceName } from '@edu/contracts';
import type { ServiceBinding } from '@edu/platform';
import { createMemoryCache } from '@edu/platform/cache';
import { silentLogger, TEST_IDENTITY_SECRET } from '@edu/platform/testing';
import { createApp } from '../src/app.ts';
import { type IssuerUnderTest, startEmbeddedIssuer } from './support.ts';

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

test('the auth surface of shared/API.md is in the OpenAPI document, with every error status', async () => {
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
    ['/api/v1/auth/register', 'post', ['201', '400', '409', '413', '415', '429', '502']],
    ['/api/v1/auth/login', 'post', ['200', '400', '401', '413', '415', '429', '502']],
    ['/api/v1/auth/refresh', 'post', ['200', '400', '401', '413', '415', '502']],
    ['/api/v1/auth/logout', 'post', ['302', '400', '413', '502']],
    ['/api/v1/auth/me', 'get', ['200', '401', '403', '404', '502']],
    ['/.well-known/jwks.json', 'get', ['200']],
  ];
  for (const [path, method, statuses] of expected) {
    const operation = document.paths[path]?.[method];
    expect(operation?.summary).toBeString();
    expect(Object.keys(operation?.responses ?? {}).sort()).toEqual([...statuses].sort());
  }
  expect(document.paths['/api/v1/auth/me']?.get?.security).toEqual([{ bearerAuth: [] }]);
  expect(document.components.securitySchemes?.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
});
