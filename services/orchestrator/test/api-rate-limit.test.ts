import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { SERVICE_NAMES, type ServiceName } from '@edu/contracts';
import type { ServiceBinding } from '@edu/platform';
import { type Cache, createMemoryCache } from '@edu/platform/cache';
import { createRedisCache } from '@edu/platform/cache/redis';
import { silentLogger, TEST_IDENTITY_SECRET } from '@edu/platform/testing';
import { DEMO_PARTNER_CLIENT, seedDemoCredentials } from '../src/adapters/identity/embedded/seed.ts';
import { createApp, type GatewayDeps } from '../src/app.ts';
import {
  DEFAULT_RATE_LIMIT_PER_IP_PER_MINUTE,
  DEFAULT_RATE_LIMIT_PER_USER_PER_MINUTE,
} from '../src/settings.ts';
import { type IssuerUnderTest, startEmbeddedIssuer } from './support/issuer.ts';

/**
 * Per-address (anonymous) and per-user request limits at the gateway, in front of every
 * service. Counters live in the shared cache: Redis when the run provides one, so a limit
 * is shown to hold across two gateway instances.
 */
let subject: IssuerUnderTest;
let learnerToken: string;
let received: Request[] = [];
// The middle of a one-minute window, so a test never straddles two windows.
const FIXED_NOW = Date.UTC(2026, 10, 24, 12, 0, 30);

const shared: Cache = process.env.TEST_REDIS_URL
  ? await createRedisCache(process.env.TEST_REDIS_URL)
  : createMemoryCache();

beforeAll(async () => {
  subject = await startEmbeddedIssuer();
  await subject.issuer.seedCredential({
    id: 'learner-1',
    email: 'learner@example.com',
    password: 'pw-123456',
  });
  subject.profiles.set('learner-1', { email: 'learner@example.com', name: 'Learner', roles: ['user'] });
  learnerToken = (
    await subject.issuer.login({ username: 'learner@example.com', password: 'pw-123456', clientIp: null })
  ).access_token;
}, 60_000);
afterAll(async () => {
  await subject.close();
  await shared.close();
});

const recordingBinding: ServiceBinding = {
  fetch: async (request) => {
    received.push(request);
    return Response.json({ items: [], nextCursor: null });
  },
};

function gateway(options: Partial<GatewayDeps> = {}) {
  received = [];
  return createApp({
    services: Object.fromEntries(SERVICE_NAMES.map((name) => [name, recordingBinding])) as Record<
      ServiceName,
      ServiceBinding
    >,
    logger: silentLogger,
    identitySecret: TEST_IDENTITY_SECRET,
    identity: subject.issuer,
    cache: createMemoryCache(),
    now: () => FIXED_NOW,
    ...options,
  });
}

const bearer = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });
/** An address of the documentation range, fresh each run so counters in a shared Redis never meet. */
const freshAddress = () => `2001:db8::${crypto.randomUUID().slice(0, 8).replace(/^0+/, '') || '1'}`;

describe('anonymous callers are limited per address', () => {
  test('60 catalog reads in a burst pass under the default, each with its RateLimit headers', async () => {
    const app = gateway();
    const address = { clientIp: freshAddress() };
    for (let read = 1; read <= 60; read++) {
      const response = await app.request('/api/v1/courses', {}, address);
      expect(response.status).toBe(200);
      expect(response.headers.get('ratelimit-limit')).toBe(String(DEFAULT_RATE_LIMIT_PER_IP_PER_MINUTE));
      expect(response.headers.get('ratelimit-remaining')).toBe(
        String(DEFAULT_RATE_LIMIT_PER_IP_PER_MINUTE - read),
      );
    }
  });

  test('beyond RATE_LIMIT_PER_IP_PER_MINUTE: 429 problem+json with Retry-After, the service not called', async () => {
    const app = gateway({ traffic: { RATE_LIMIT_PER_IP_PER_MINUTE: 5 } });
    const address = { clientIp: '198.51.100.20' };
    for (let read = 1; read <= 5; read++) {
      const response = await app.request('/api/v1/courses', {}, address);
      expect(response.status).toBe(200);
      expect(response.headers.get('ratelimit-remaining')).toBe(String(5 - read));
      expect(response.headers.get('ratelimit-reset')).toBe('30');
      expect(response.headers.get('ratelimit-policy')).toBe('5;w=60');
    }
    const limited = await app.request('/api/v1/courses', {}, address);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('content-type')).toBe('application/problem+json');
    expect(limited.headers.get('retry-after')).toBe('30');
    expect(limited.headers.get('ratelimit-remaining')).toBe('0');
    expect(((await limited.json()) as { status: number }).status).toBe(429);
    expect(received).toHaveLength(5);
    // Another address has its own budget.
    expect((await app.request('/api/v1/courses', {}, { clientIp: '198.51.100.21' })).status).toBe(200);
  });

  test('requests without an address (in process) share one counter and are limited too', async () => {
    const app = gateway({ traffic: { RATE_LIMIT_PER_IP_PER_MINUTE: 3 } });
    for (let read = 0; read < 3; read++) expect((await app.request('/api/v1/courses')).status).toBe(200);
    expect((await app.request('/api/v1/courses')).status).toBe(429);
    // A second gateway instance's in-process callers are not this one's.
    expect((await gateway({ cache: shared }).request('/api/v1/courses')).status).toBe(200);
  });

  test('gateway-answered routes count too, and error answers carry the headers', async () => {
    const app = gateway({ traffic: { RATE_LIMIT_PER_IP_PER_MINUTE: 2 } });
    const address = { clientIp: '198.51.100.22' };
    const missing = await app.request('/api/v1/nowhere', {}, address);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('ratelimit-remaining')).toBe('1');
    const unauthorized = await app.request('/api/v1/auth/me', {}, address);
    expect(unauthorized.status).toBe(401);
    expect(unauthorized.headers.get('ratelimit-remaining')).toBe('0');
    expect((await app.request('/api/v1/health', {}, address)).status).toBe(429);
  });

  test('a token that does not verify counts against the address and is still answered 401', async () => {
    const app = gateway({ traffic: { RATE_LIMIT_PER_IP_PER_MINUTE: 1 } });
    const address = { clientIp: '198.51.100.23' };
    const forged = await app.request('/api/v1/courses', bearer('not-a-token'), address);
    expect(forged.status).toBe(401);
    expect(forged.headers.get('ratelimit-limit')).toBe('1');
    expect((await app.request('/api/v1/courses', bearer('not-a-token'), address)).status).toBe(429);
  });

  test(`the limit holds across two gateway instances sharing the cache (${shared.kind})`, async () => {
    const first = gateway({ cache: shared, traffic: { RATE_LIMIT_PER_IP_PER_MINUTE: 4 } });
    const second = gateway({ cache: shared, traffic: { RATE_LIMIT_PER_IP_PER_MINUTE: 4 } });
    const address = { clientIp: freshAddress() };
    for (const app of [first, second, first, second]) {
      expect((await app.request('/api/v1/courses', {}, address)).status).toBe(200);
    }
    expect((await second.request('/api/v1/courses', {}, address)).status).toBe(429);
    expect((await first.request('/api/v1/courses', {}, address)).status).toBe(429);
  });
});

describe('signed-in users are limited per account', () => {
  test('by the token, wherever they connect from; anonymous callers at the same address are not', async () => {
    const app = gateway({
      traffic: { RATE_LIMIT_PER_USER_PER_MINUTE: 2, RATE_LIMIT_PER_IP_PER_MINUTE: 100 },
    });
    const first = await app.request('/api/v1/users/me', bearer(learnerToken), { clientIp: '198.51.100.30' });
    expect(first.status).toBe(200);
    expect(first.headers.get('ratelimit-limit')).toBe('2');
    expect(first.headers.get('ratelimit-remaining')).toBe('1');
    const gatewayRoute = await app.request('/api/v1/auth/me', bearer(learnerToken), {
      clientIp: '198.51.100.31',
    });
    expect(gatewayRoute.status).toBe(200);
    const limited = await app.request('/api/v1/courses', bearer(learnerToken), { clientIp: '198.51.100.32' });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('content-type')).toBe('application/problem+json');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    const anonymous = await app.request('/api/v1/courses', {}, { clientIp: '198.51.100.32' });
    expect(anonymous.status).toBe(200);
    expect(anonymous.headers.get('ratelimit-limit')).toBe('100');
  });

  test('the default is RATE_LIMIT_PER_USER_PER_MINUTE', async () => {
    const response = await gateway().request('/api/v1/users/me', bearer(learnerToken));
    expect(response.headers.get('ratelimit-limit')).toBe(String(DEFAULT_RATE_LIMIT_PER_USER_PER_MINUTE));
  });
});

test('partner clients keep their own limiter and do not use the address or user budgets', async () => {
  await seedDemoCredentials(subject.issuer);
  const app = gateway({
    partnerRateLimitPerMinute: 5,
    traffic: { RATE_LIMIT_PER_IP_PER_MINUTE: 1, RATE_LIMIT_PER_USER_PER_MINUTE: 1 },
  });
  const address = { clientIp: '198.51.100.40' };
  const token = await app.request(
    '/api/v1/auth/token',
    {
      method: 'POST',
      headers: {
        authorization: `Basic ${btoa(`${DEMO_PARTNER_CLIENT.clientId}:${DEMO_PARTNER_CLIENT.secret}`)}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ grant_type: 'client_credentials' }).toString(),
    },
    address,
  );
  expect(token.status).toBe(200);
  const { access_token: clientToken } = (await token.json()) as { access_token: string };
  for (let call = 0; call < 3; call++) {
    const response = await app.request('/api/v1/partner/progress', bearer(clientToken), address);
    expect(response.status).toBe(200);
    expect(response.headers.get('ratelimit-limit')).toBe('5');
  }
});
