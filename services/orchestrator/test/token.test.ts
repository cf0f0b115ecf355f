import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from 'bun:test';
import { seedDemoCredentials } from '../src/adapters/identity/embedded/seed.ts';
import {
  basic,
  bearer,
  CLIENT_IP,
  form,
  type PartnerFixture,
  startPartnerFixture,
} from './support/partner-clients.ts';

// Seeding the demo accounts hashes their passwords (scrypt, ~0.25 s each, more on a busy machine).
setDefaultTimeout(30_000);

let fixture: PartnerFixture;
beforeAll(async () => {
  fixture = await startPartnerFixture();
}, 60_000);
afterAll(async () => {
  await fixture.close();
});
const gateway = (options?: { partnerRateLimitPerMinute?: number }) => fixture.gateway(options);
const createClient: PartnerFixture['createClient'] = (...args) => fixture.createClient(...args);
const tokenFor: PartnerFixture['tokenFor'] = (...args) => fixture.tokenFor(...args);

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
    const caller = await fixture.subject.issuer.verifier.verify(String(body.access_token));
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
    expect((await fixture.subject.issuer.verifier.verify(body.access_token)).scopes).toEqual([
      'progress:read',
    ]);
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
      headers: bearer(fixture.adminToken),
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
    await fixture.cache.set('ratelimit:client-auth-fail-ip:ip:192.0.2.250', '50', 900);
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
    await seedDemoCredentials(fixture.subject.issuer);
    await seedDemoCredentials(fixture.subject.issuer);
    const token = await tokenFor(gateway(), 'demo-partner', 'demo-partner-secret');
    expect((await fixture.subject.issuer.verifier.verify(token)).scopes).toEqual([
      'enrollments:write',
      'progress:read',
      'webhooks:manage',
    ]);
  });
});
