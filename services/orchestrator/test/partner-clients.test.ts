import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { SERVICE_NAMES, type ServiceName } from '@edu/contracts';
import type { ServiceBinding } from '@edu/platform';
import { createMemoryCache } from '@edu/platform/cache';
import { readIdentity } from '@edu/platform/http';
import { silentLogger, TEST_IDENTITY_SECRET } from '@edu/platform/testing';
import { DEMO_PARTNER_CLIENT, seedDemoCredentials } from '../src/adapters/identity/embedded/seed.ts';
import { createApp } from '../src/app.ts';
import { DEFAULT_RATE_LIMIT_PER_USER_PER_MINUTE } from '../src/settings.ts';
import { type IssuerUnderTest, startEmbeddedIssuer } from './support/issuer.ts';

let subject: IssuerUnderTest;
let adminToken: string;
let learnerToken: string;
const cache = createMemoryCache();
const received: Request[] = [];
// The middle of a rate-limit window, so a test never straddles two windows.
const FIXED_NOW = Date.UTC(2026, 10, 24, 12, 0, 30);
const CLIENT_IP = { clientIp: '198.51.100.7' };

/** A service that records what reached it and answers 200. */
const recordingBinding: ServiceBinding = {
  fetch: async (request) => {
    received.push(request);
    return Response.json({ ok: true });
  },
};

function gateway(options: { partnerRateLimitPerMinute?: number } = {}) {
  return createApp({
    services: Object.fromEntries(SERVICE_NAMES.map((name) => [name, recordingBinding])) as Record<
      ServiceName,
      ServiceBinding
    >,
    logger: silentLogger,
    identitySecret: TEST_IDENTITY_SECRET,
    identity: subject.issuer,
    cache,
    now: () => FIXED_NOW,
    ...options,
  });
}

async function signIn(id: string, email: string, roles: Array<'user' | 'admin'>) {
  await subject.issuer.seedCredential({ id, email, password: 'correct-horse' });
  subject.profiles.set(id, { email, name: email, roles });
  return (await subject.issuer.login({ username: email, password: 'correct-horse', clientIp: null }))
    .access_token;
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const basic = (id: string, secret: string) => ({ authorization: `Basic ${btoa(`${id}:${secret}`)}` });
const form = (fields: Record<string, string>) => ({
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields).toString(),
});

async function createClient(
  app: ReturnType<typeof gateway>,
  body: Record<string, unknown> = { name: 'Acme LMS', scopes: ['progress:read', 'enrollments:write'] },
) {
  const response = await app.request('/api/v1/auth/clients', {
    method: 'POST',
    headers: { ...bearer(adminToken), 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(response.status).toBe(201);
  return (await response.json()) as { clientId: string; clientSecret: string; scopes: string[] };
}

async function tokenFor(
  app: ReturnType<typeof gateway>,
  clientId: string,
  clientSecret: string,
  scope?: string,
) {
  const response = await app.request(
    '/api/v1/auth/token',
    {
      method: 'POST',
      ...form({
        grant_type: 'client_credentials',
        client_id: clientId,
        client_secret: clientSecret,
        ...(scope ? { scope } : {}),
      }),
    },
    CLIENT_IP,
  );
  expect(response.status).toBe(200);
  return ((await response.json()) as { access_token: string }).access_token;
}

beforeAll(async () => {
  subject = await startEmbeddedIssuer();
  adminToken = await signIn('admin-1', 'admin@example.com', ['user', 'admin']);
  learnerToken = await signIn('learner-1', 'learner@example.com', ['user']);
}, 60_000);
afterAll(async () => {
  await subject.close();
});

describe('managing partner clients (admin only)', () => {
  test('create answers the secret once; the list never shows it; delete revokes', async () => {
    const app = gateway();
    const created = await createClient(app, {
      name: 'Acme LMS',
      scopes: ['progress:read'],
      rateLimitPerMinute: 120,
    });
    expect(created).toMatchObject({ name: 'Acme LMS', scopes: ['progress:read'], rateLimitPerMinute: 120 });
    expect(created.clientId).toMatch(/^cl_[\w-]+$/);
    expect(created.clientSecret).toMatch(/^cs_[\w-]{43}$/);

    const list = await app.request('/api/v1/auth/clients?limit=100', { headers: bearer(adminToken) });
    expect(list.status).toBe(200);
    const page = (await list.json()) as { items: Array<Record<string, unknown>>; nextCursor: string | null };
    const listed = page.items.find((item) => item.clientId === created.clientId);
    expect(listed).toMatchObject({ name: 'Acme LMS', revokedAt: null });
    expect(JSON.stringify(page)).not.toContain(created.clientSecret);
    expect(listed).not.toHaveProperty('clientSecret');

    const revoked = await app.request(`/api/v1/auth/clients/${created.clientId}`, {
      method: 'DELETE',
      headers: bearer(adminToken),
    });
    expect(revoked.status).toBe(204);
    const again = await app.request(`/api/v1/auth/clients/${created.clientId}`, {
      method: 'DELETE',
      headers: bearer(adminToken),
    });
    expect(again.status).toBe(204);
    const missing = await app.request('/api/v1/auth/clients/cl_nope', {
      method: 'DELETE',
      headers: bearer(adminToken),
    });
    expect(missing.status).toBe(404);
  });

  test('the list is cursor-paginated', async () => {
    const app = gateway();
    await createClient(app);
    await createClient(app);
    const first = (await (
      await app.request('/api/v1/auth/clients?limit=1', { headers: bearer(adminToken) })
    ).json()) as {
      items: Array<{ clientId: string }>;
      nextCursor: string | null;
    };
    expect(first.items).toHaveLength(1);
    expect(first.nextCursor).toBeString();
    const second = (await (
      await app.request(`/api/v1/auth/clients?limit=1&cursor=${first.nextCursor}`, {
        headers: bearer(adminToken),
      })
    ).json()) as { items: Array<{ clientId: string }> };
    expect(second.items[0]?.clientId).not.toBe(first.items[0]?.clientId);
  });

  test.each([
    ['POST', '/api/v1/auth/clients'],
    ['GET', '/api/v1/auth/clients'],
    ['DELETE', '/api/v1/auth/clients/cl_any'],
  ])('%s %s: 401 anonymous, 403 for a learner and for a partner client', async (method, path) => {
    const app = gateway();
    const init = (headers: Record<string, string>) => ({
      method,
      headers: { ...headers, 'content-type': 'application/json' },
      ...(method === 'POST' ? { body: '{}' } : {}),
    });
    const anonymous = await app.request(path, init({}));
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('content-type')).toBe('application/problem+json');
    expect((await app.request(path, init(bearer(learnerToken)))).status).toBe(403);
    await seedDemoCredentials(subject.issuer);
    const partner = await tokenFor(app, DEMO_PARTNER_CLIENT.clientId, DEMO_PARTNER_CLIENT.secret);
    expect((await app.request(path, init(bearer(partner)))).status).toBe(403);
  });

  test('bad input is a 400 problem listing the fields', async () => {
    const response = await gateway().request('/api/v1/auth/clients', {
      method: 'POST',
      headers: { ...bearer(adminToken), 'content-type': 'application/json' },
      body: JSON.stringify({ name: '', scopes: ['admin:all'], rateLimitPerMinute: 0 }),
    });
    expect(response.status).toBe(400);
    const problem = (await response.json()) as { errors: Array<{ path: string }> };
    expect(problem.errors.map((error) => error.path).sort()).toEqual([
      'name',
      'rateLimitPerMinute',
      'scopes.0',
    ]);
  });
});

describe('POST /api/v1/auth/token (client credentials)', () => {
  test('form body with client_secret_post: a token that verifies to kind client with its scopes', async () => {
    const app = gateway();
    const client = await createClient(app);
    const response = await app.request(
      '/api/v1/auth/token',
      {
        method: 'POST',
        ...form({
          grant_type: 'client_credentials',
          client_id: client.clientId,
          client_secret: client.clientSecret,
        }),
      },
      CLIENT_IP,
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      token_type: 'Bearer',
      expires_in: 900,
      scope: 'progress:read enrollments:write',
    });
    const caller = await subject.issuer.verifier.verify(String(body.access_token));
    expect(caller).toEqual({
      kind: 'client',
      sub: `${client.clientId}@clients`,
      roles: [],
      scopes: ['progress:read', 'enrollments:write'],
    });
    const claims = JSON.parse(atob(String(body.access_token).split('.')[1] ?? '')) as Record<string, unknown>;
    expect(claims).toMatchObject({
      gty: 'client-credentials',
      azp: client.clientId,
      client_id: client.clientId,
    });
  });

  test('JSON body with HTTP Basic, and a scope subset', async () => {
    const app = gateway();
    const client = await createClient(app);
    const response = await app.request('/api/v1/auth/token', {
      method: 'POST',
      headers: { ...basic(client.clientId, client.clientSecret), 'content-type': 'application/json' },
      body: JSON.stringify({ grant_type: 'client_credentials', scope: 'progress:read' }),
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { access_token: string; scope: string };
    expect(body.scope).toBe('progress:read');
    expect((await subject.issuer.verifier.verify(body.access_token)).scopes).toEqual(['progress:read']);
  });

  test('a scope the client does not have is 400 invalid_scope', async () => {
    const app = gateway();
    const client = await createClient(app);
    const response = await app.request('/api/v1/auth/token', {
      method: 'POST',
      headers: {
        ...basic(client.clientId, client.clientSecret),
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        scope: 'progress:read webhooks:manage',
      }).toString(),
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(await response.json()).toMatchObject({ status: 400, error: 'invalid_scope' });
  });

  test('a wrong secret, an unknown client and a revoked client are 401 invalid_client with WWW-Authenticate', async () => {
    const app = gateway();
    const client = await createClient(app);
    const revoked = await createClient(app);
    await app.request(`/api/v1/auth/clients/${revoked.clientId}`, {
      method: 'DELETE',
      headers: bearer(adminToken),
    });
    const nulInBasic = await app.request('/api/v1/auth/token', {
      method: 'POST',
      headers: { ...basic('cl_\u0000', 'x'), 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials',
    });
    expect(nulInBasic.status).toBe(401);
    for (const [id, secret] of [
      [client.clientId, 'cs_wrong'],
      ['cl_unknown', client.clientSecret],
      [revoked.clientId, revoked.clientSecret],
    ] as const) {
      const response = await app.request('/api/v1/auth/token', {
        method: 'POST',
        ...form({ grant_type: 'client_credentials', client_id: id, client_secret: secret }),
      });
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toStartWith('Basic');
      expect(await response.json()).toMatchObject({
        status: 401,
        title: 'Unauthorized',
        error: 'invalid_client',
      });
    }
  });

  test('missing or other grant types, and two authentication methods, are 400 with the OAuth error', async () => {
    const app = gateway();
    const cases: Array<[RequestInit, string]> = [
      [{ method: 'POST', ...form({ client_id: 'a', client_secret: 'b' }) }, 'invalid_request'],
      [
        { method: 'POST', ...form({ grant_type: 'password', username: 'a', password: 'b' }) },
        'unsupported_grant_type',
      ],
      [
        {
          method: 'POST',
          headers: { ...basic('a', 'b'), 'content-type': 'application/json' },
          body: JSON.stringify({ grant_type: 'client_credentials', client_id: 'a', client_secret: 'b' }),
        },
        'invalid_request',
      ],
      [
        {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ grant_type: 'client_credentials', client_id: 7 }),
        },
        'invalid_request',
      ],
    ];
    for (const [init, error] of cases) {
      const response = await app.request('/api/v1/auth/token', init);
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
      expect(await response.json()).toMatchObject({ status: 400, error });
    }
    const malformed = await app.request('/api/v1/auth/token', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"grant_type":',
    });
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ error: 'invalid_request' });
    const unsupported = await app.request('/api/v1/auth/token', {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'grant_type=client_credentials',
    });
    expect(unsupported.status).toBe(415);
  });

  test('failed client authentications are throttled per client id and per address (429 with Retry-After)', async () => {
    const app = gateway();
    const client = await createClient(app);
    const attempt = (secret: string, ip: string) =>
      app.request(
        '/api/v1/auth/token',
        {
          method: 'POST',
          ...form({ grant_type: 'client_credentials', client_id: client.clientId, client_secret: secret }),
        },
        { clientIp: ip },
      );
    for (let failure = 0; failure < 10; failure++)
      expect((await attempt('wrong', `192.0.2.${failure}`)).status).toBe(401);
    // Even the right secret is refused now, from any address: the client id is locked for the window.
    const locked = await attempt(client.clientSecret, '192.0.2.200');
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);

    // One address spraying many client ids: its counter (50 failures) is checked before any hashing.
    await cache.set('ratelimit:client-auth-fail-ip:ip:192.0.2.250', '50', 900);
    const other = await createClient(app);
    const sprayed = await app.request(
      '/api/v1/auth/token',
      {
        method: 'POST',
        ...form({
          grant_type: 'client_credentials',
          client_id: other.clientId,
          client_secret: other.clientSecret,
        }),
      },
      { clientIp: '192.0.2.250' },
    );
    expect(sprayed.status).toBe(429);
  }, 30_000);

  test('the demo partner client is seeded idempotently', async () => {
    await seedDemoCredentials(subject.issuer);
    await seedDemoCredentials(subject.issuer);
    const token = await tokenFor(gateway(), 'demo-partner', 'demo-partner-secret');
    expect((await subject.issuer.verifier.verify(token)).scopes).toEqual([
      'enrollments:write',
      'progress:read',
      'webhooks:manage',
    ]);
  });
});

describe('per-client rate limits at the gateway', () => {
  test("every proxied answer to a client carries RateLimit-*; past the client's limit, 429 without calling the service", async () => {
    const app = gateway();
    const client = await createClient(app, {
      name: 'Small',
      scopes: ['progress:read'],
      rateLimitPerMinute: 3,
    });
    const token = await tokenFor(app, client.clientId, client.clientSecret);
    const before = received.length;
    for (let request = 1; request <= 3; request++) {
      const response = await app.request('/api/v1/partner/progress', { headers: bearer(token) });
      expect(response.status).toBe(200);
      expect(response.headers.get('ratelimit-limit')).toBe('3');
      expect(response.headers.get('ratelimit-remaining')).toBe(String(3 - request));
      expect(response.headers.get('ratelimit-reset')).toBe('30');
      expect(response.headers.get('ratelimit-policy')).toBe('3;w=60');
    }
    expect(received.length).toBe(before + 3);
    // The service saw a client identity with its scopes, and nothing about the limit.
    const identity = await readIdentity(received.at(-1)?.headers ?? new Headers(), TEST_IDENTITY_SECRET);
    expect(identity).toMatchObject({
      kind: 'client',
      sub: `${client.clientId}@clients`,
      scopes: ['progress:read'],
    });
    expect(identity).not.toHaveProperty('rateLimitPerMinute');

    const limited = await app.request('/api/v1/partner/progress', { headers: bearer(token) });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('content-type')).toBe('application/problem+json');
    expect(limited.headers.get('retry-after')).toBe('30');
    expect(limited.headers.get('ratelimit-remaining')).toBe('0');
    expect(limited.headers.get('ratelimit-policy')).toBe('3;w=60');
    expect(received.length).toBe(before + 3);
  });

  test('revoking a client stops the tokens it already holds at once (401), before the service is called', async () => {
    const app = gateway();
    const client = await createClient(app);
    const token = await tokenFor(app, client.clientId, client.clientSecret);
    expect((await app.request('/api/v1/partner/enrollments', { headers: bearer(token) })).status).toBe(200);
    const revoked = await app.request(`/api/v1/auth/clients/${client.clientId}`, {
      method: 'DELETE',
      headers: bearer(adminToken),
    });
    expect(revoked.status).toBe(204);
    const before = received.length;
    const refused = await app.request('/api/v1/partner/enrollments', { headers: bearer(token) });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toContain('invalid_token');
    expect(received.length).toBe(before);
  });

  test('a client without its own limit gets PARTNER_RATE_LIMIT_PER_MINUTE', async () => {
    const app = gateway({ partnerRateLimitPerMinute: 2 });
    const client = await createClient(app);
    const token = await tokenFor(app, client.clientId, client.clientSecret);
    const first = await app.request('/api/v1/partner/enrollments', { headers: bearer(token) });
    expect(first.headers.get('ratelimit-limit')).toBe('2');
    await app.request('/api/v1/partner/enrollments', { headers: bearer(token) });
    expect((await app.request('/api/v1/partner/enrollments', { headers: bearer(token) })).status).toBe(429);
  });

  test("users count against the per-user limit, never the partner clients' one", async () => {
    const app = gateway({ partnerRateLimitPerMinute: 1 });
    for (let request = 0; request < 3; request++) {
      const response = await app.request('/api/v1/users/me', { headers: bearer(learnerToken) });
      expect(response.status).toBe(200);
      expect(response.headers.get('ratelimit-limit')).toBe(String(DEFAULT_RATE_LIMIT_PER_USER_PER_MINUTE));
    }
  });
});
