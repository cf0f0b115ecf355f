import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { SERVICE_NAMES, type ServiceName } from '@edu/contracts';
import type { ServiceBinding } from '@edu/platform';
import { createMemoryCache } from '@edu/platform/cache';
import { silentLogger, TEST_IDENTITY_SECRET } from '@edu/platform/testing';
import { createApp } from '../src/app.ts';
import { SCALAR_BUNDLE_URL } from '../src/middleware/pages.ts';
import { type IssuerUnderTest, startEmbeddedIssuer } from './support/issuer.ts';

let subject: IssuerUnderTest;
beforeAll(async () => {
  subject = await startEmbeddedIssuer();
}, 60_000);
afterAll(async () => {
  await subject.close();
});

const API_CSP = "default-src 'none'; frame-ancestors 'none'";

/** Headers whose set/delete throw, as those of a response from fetch() are on workerd. */
class ImmutableHeaders extends Headers {
  override set(): void {
    throw new TypeError("Can't modify immutable headers.");
  }
  override delete(): void {
    throw new TypeError("Can't modify immutable headers.");
  }
}

function immutableJson(body: unknown): Response {
  const response = Response.json(body);
  const headers = new ImmutableHeaders(response.headers);
  Object.defineProperty(response, 'headers', { value: headers });
  return response;
}

const healthy: ServiceBinding = { fetch: async () => Response.json({ status: 'ok' }) };

function gatewayWith(overrides: Partial<Record<ServiceName, ServiceBinding>> = {}) {
  const services = Object.fromEntries(
    SERVICE_NAMES.map((service) => [service, overrides[service] ?? healthy]),
  ) as Record<ServiceName, ServiceBinding>;
  return createApp({
    services,
    logger: silentLogger,
    identitySecret: TEST_IDENTITY_SECRET,
    identity: subject.issuer,
    cache: createMemoryCache(),
  });
}

/** The headers every gateway answer carries, whatever it is. */
function expectBaseline(response: Response) {
  expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  expect(response.headers.get('x-frame-options')).toBe('DENY');
  expect(response.headers.get('referrer-policy')).toBe('no-referrer');
  expect(response.headers.get('permissions-policy')).toContain('camera=()');
  expect(response.headers.get('permissions-policy')).toContain('geolocation=()');
  expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
  // Plain HTTP: HSTS would mean nothing to a browser, and is not sent.
  expect(response.headers.get('strict-transport-security')).toBeNull();
}

function jsonRequest(path: string, body: unknown): Request {
  return new Request(`http://localhost${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

describe('API answers carry the security headers and a CSP that allows nothing', () => {
  const gateway = () => gatewayWith();
  const cases: [string, () => Request, number][] = [
    ['JSON 200 (health)', () => new Request('http://localhost/api/v1/health'), 200],
    ['problem 404 under /api/v1', () => new Request('http://localhost/api/v1/no-such-thing'), 404],
    ['problem 404 outside the API', () => new Request('http://localhost/no-such-page'), 404],
    ['problem 400 (invalid body)', () => jsonRequest('/api/v1/auth/login', {}), 400],
    [
      'problem 401 (bad token)',
      () => new Request('http://localhost/api/v1/courses', { headers: { authorization: 'Bearer nonsense' } }),
      401,
    ],
    [
      'problem 413 (oversized body)',
      () => jsonRequest('/api/v1/courses', { pad: 'x'.repeat(2 * 1024 * 1024) }),
      413,
    ],
    // The services' stand-ins answer no OpenAPI document, so the merge fails: an unexpected error.
    ['problem 500 (unexpected error)', () => new Request('http://localhost/api/v1/openapi.json'), 500],
  ];
  test.each(cases)('%s', async (_name, request, status) => {
    const response = await gateway().fetch(request());
    expect(response.status).toBe(status);
    expectBaseline(response);
    expect(response.headers.get('content-security-policy')).toBe(API_CSP);
  });

  // Was 502 before issue 16: a binding that cannot answer is 503 `unavailable` everywhere.
  test('a 503 when the service cannot be reached, and a forwarded answer with immutable headers', async () => {
    const down = gatewayWith({
      courses: {
        fetch: async () => {
          throw new Error('connection refused');
        },
      },
    });
    const unreachable = await down.request('/api/v1/courses');
    expect(unreachable.status).toBe(503);
    expectBaseline(unreachable);

    const edge = gatewayWith({ courses: { fetch: async () => immutableJson({ items: [] }) } });
    const forwarded = await edge.request('/api/v1/courses');
    expect(forwarded.status).toBe(200);
    expect(await forwarded.json()).toEqual({ items: [] });
    expectBaseline(forwarded);
    expect(forwarded.headers.get('content-security-policy')).toBe(API_CSP);
  });
});

describe('HSTS only over HTTPS', () => {
  test.each([
    ['an https URL (Cloudflare, Bun with TLS)', 'https://api.example.com/api/v1/health', {}, true],
    [
      'X-Forwarded-Proto: https from a TLS proxy',
      'http://localhost/api/v1/health',
      { 'x-forwarded-proto': 'https' },
      true,
    ],
    ['plain HTTP', 'http://localhost/api/v1/health', {}, false],
    ['X-Forwarded-Proto: http', 'http://localhost/api/v1/health', { 'x-forwarded-proto': 'http' }, false],
  ])('%s', async (_name, url, headers, expected) => {
    const response = await gatewayWith().fetch(new Request(url, { headers }));
    const hsts = response.headers.get('strict-transport-security');
    if (expected) expect(hsts).toBe('max-age=31536000; includeSubDomains');
    else expect(hsts).toBeNull();
  });

  test('an HTTPS error answer carries it too', async () => {
    const response = await gatewayWith().fetch(new Request('https://api.example.com/api/v1/nothing'));
    expect(response.status).toBe(404);
    expect(response.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
  });
});

/** The nonce a policy allows for `directive`, e.g. `script-src 'nonce-abc'` → abc. */
function nonceOf(policy: string, directive: string): string {
  const value = policy
    .split(';')
    .map((part) => part.trim())
    .find((part) => part.startsWith(`${directive} `));
  return /'nonce-([^']+)'/.exec(value ?? '')?.[1] ?? '';
}

describe('pages the gateway serves', () => {
  test('/docs: scripts by a fresh nonce only (the pinned Scalar bundle and its start call)', async () => {
    const gateway = gatewayWith();
    const first = await gateway.request('/docs');
    expect(first.status).toBe(200);
    expectBaseline(first);
    const policy = first.headers.get('content-security-policy') ?? '';
    const scriptSrc = policy.split(';').find((part) => part.trim().startsWith('script-src')) ?? '';
    expect(scriptSrc).not.toContain('unsafe-inline');
    expect(scriptSrc).not.toContain('unsafe-eval');
    expect(policy).toContain("default-src 'none'");
    expect(policy).toContain("connect-src 'self'");
    const nonce = nonceOf(policy, 'script-src');
    expect(nonce.length).toBeGreaterThanOrEqual(16);

    const page = await first.text();
    const scripts = [...page.matchAll(/<script\b([^>]*)>/g)].map((match) => match[1] ?? '');
    expect(scripts).toHaveLength(2);
    for (const attributes of scripts) expect(attributes).toContain(`nonce="${nonce}"`);
    expect(scripts[0]).toContain(`src="${SCALAR_BUNDLE_URL}"`);

    const second = await gateway.request('/docs');
    expect(nonceOf(second.headers.get('content-security-policy') ?? '', 'script-src')).not.toBe(nonce);
  });

  test('/ (the landing page without the site): its one <style> by nonce, nothing else', async () => {
    const response = await gatewayWith().request('/');
    expect(response.status).toBe(200);
    expectBaseline(response);
    const policy = response.headers.get('content-security-policy') ?? '';
    expect(policy).toContain("default-src 'none'");
    const nonce = nonceOf(policy, 'style-src');
    expect(nonce).not.toBe('');
    expect(await response.text()).toContain(`<style nonce="${nonce}">`);
  });
});
