import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { SERVICE_NAMES, type ServiceName } from '@edu/contracts';
import { ConfigError, loadConfig, type ServiceBinding } from '@edu/platform';
import { createMemoryCache } from '@edu/platform/cache';
import { silentLogger, TEST_IDENTITY_SECRET } from '@edu/platform/testing';
import { createApp } from '../src/app.ts';
import { TrafficSettings } from '../src/settings.ts';
import { type IssuerUnderTest, startEmbeddedIssuer } from './support/issuer.ts';

/** CORS for partners' browser apps: only for the origins CORS_ORIGINS lists, never with credentials. */
const PARTNER_APP = 'https://app.partner.example';
const OTHER_APP = 'https://evil.example';

let subject: IssuerUnderTest;
beforeAll(async () => {
  subject = await startEmbeddedIssuer();
}, 60_000);
afterAll(async () => {
  await subject.close();
});

const okBinding: ServiceBinding = { fetch: async () => Response.json({ items: [], nextCursor: null }) };

function gateway(corsOrigins: string[], perIpPerMinute = 1000) {
  return createApp({
    services: Object.fromEntries(SERVICE_NAMES.map((name) => [name, okBinding])) as Record<
      ServiceName,
      ServiceBinding
    >,
    logger: silentLogger,
    identitySecret: TEST_IDENTITY_SECRET,
    identity: subject.issuer,
    cache: createMemoryCache(),
    traffic: { CORS_ORIGINS: corsOrigins, RATE_LIMIT_PER_IP_PER_MINUTE: perIpPerMinute },
  });
}

const preflight = (origin: string) => ({
  method: 'OPTIONS',
  headers: {
    origin,
    'access-control-request-method': 'PATCH',
    'access-control-request-headers': 'authorization, content-type',
  },
});
const corsHeaders = (response: Response) =>
  [...response.headers.keys()].filter((name) => name.startsWith('access-control-'));

describe('a listed origin', () => {
  test('gets its preflight answered 204 with methods, headers and max-age, without credentials', async () => {
    const response = await gateway([PARTNER_APP]).request('/api/v1/users/me', preflight(PARTNER_APP));
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(PARTNER_APP);
    expect(response.headers.get('access-control-allow-methods')?.split(',')).toEqual(
      expect.arrayContaining(['GET', 'POST', 'PATCH', 'PUT', 'DELETE']),
    );
    expect(response.headers.get('access-control-allow-headers')?.toLowerCase().split(',')).toEqual(
      expect.arrayContaining(['authorization', 'content-type']),
    );
    expect(response.headers.get('access-control-max-age')).toBe('600');
    expect(response.headers.get('vary')).toContain('Origin');
    expect(response.headers.get('access-control-allow-credentials')).toBeNull();
  });

  test('reads the answer, X-Request-Id and RateLimit headers exposed, errors included', async () => {
    const app = gateway([PARTNER_APP, 'http://localhost:5173'], 1);
    const address = { clientIp: '198.51.100.50' };
    const read = await app.request('/api/v1/courses', { headers: { origin: PARTNER_APP } }, address);
    expect(read.status).toBe(200);
    expect(read.headers.get('access-control-allow-origin')).toBe(PARTNER_APP);
    expect(read.headers.get('vary')).toContain('Origin');
    expect(read.headers.get('access-control-allow-credentials')).toBeNull();
    const exposed = read.headers.get('access-control-expose-headers')?.toLowerCase().split(',') ?? [];
    expect(exposed).toEqual(
      expect.arrayContaining([
        'x-request-id',
        'ratelimit-limit',
        'ratelimit-remaining',
        'ratelimit-reset',
        'ratelimit-policy',
        'retry-after',
      ]),
    );
    const limited = await app.request(
      '/api/v1/courses',
      { headers: { origin: 'http://localhost:5173' } },
      address,
    );
    expect(limited.status).toBe(429);
    expect(limited.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
  });

  test("the gateway's own 413 for an oversized body is readable too", async () => {
    const tooLarge = await gateway([PARTNER_APP]).request('/api/v1/users/me', {
      method: 'PATCH',
      headers: { origin: PARTNER_APP, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'x'.repeat(2 * 1024 * 1024) }),
    });
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.headers.get('access-control-allow-origin')).toBe(PARTNER_APP);
    expect(tooLarge.headers.get('ratelimit-limit')).toBe('1000');
  });

  test('preflights do not spend the rate limit', async () => {
    const app = gateway([PARTNER_APP], 1);
    const address = { clientIp: '198.51.100.51' };
    for (let check = 0; check < 3; check++) {
      expect((await app.request('/api/v1/courses', preflight(PARTNER_APP), address)).status).toBe(204);
    }
    expect((await app.request('/api/v1/courses', { headers: { origin: PARTNER_APP } }, address)).status).toBe(
      200,
    );
  });

  test('the JWKS is readable cross-origin too', async () => {
    const response = await gateway([PARTNER_APP]).request('/.well-known/jwks.json', {
      headers: { origin: PARTNER_APP },
    });
    expect(response.headers.get('access-control-allow-origin')).toBe(PARTNER_APP);
  });
});

describe('an origin not listed', () => {
  test('gets no CORS header, on preflights and on answers, but Vary: Origin', async () => {
    const app = gateway([PARTNER_APP]);
    const checked = await app.request('/api/v1/users/me', preflight(OTHER_APP));
    expect(checked.status).not.toBe(204);
    expect(corsHeaders(checked)).toEqual([]);
    const read = await app.request('/api/v1/courses', { headers: { origin: OTHER_APP } });
    expect(read.status).toBe(200);
    expect(corsHeaders(read)).toEqual([]);
    expect(read.headers.get('vary')).toContain('Origin');
  });

  test('without CORS_ORIGINS nothing about CORS is added', async () => {
    const app = gateway([]);
    const checked = await app.request('/api/v1/users/me', preflight(PARTNER_APP));
    expect(corsHeaders(checked)).toEqual([]);
    const read = await app.request('/api/v1/courses', { headers: { origin: PARTNER_APP } });
    expect(corsHeaders(read)).toEqual([]);
  });
});

describe('CORS_ORIGINS', () => {
  test('is a comma-separated list of origins; none by default', () => {
    expect(loadConfig(TrafficSettings, {}).CORS_ORIGINS).toEqual([]);
    expect(
      loadConfig(TrafficSettings, { CORS_ORIGINS: 'https://app.partner.example, http://localhost:5173' })
        .CORS_ORIGINS,
    ).toEqual(['https://app.partner.example', 'http://localhost:5173']);
  });

  test.each(['https://app.partner.example/', 'https://app.partner.example/path', '*', 'ftp://files.example'])(
    'refuses %s with a line naming the setting',
    (value) => {
      expect(() => loadConfig(TrafficSettings, { CORS_ORIGINS: value })).toThrow(ConfigError);
      expect(() => loadConfig(TrafficSettings, { CORS_ORIGINS: value })).toThrow(/CORS_ORIGINS/);
    },
  );
});
