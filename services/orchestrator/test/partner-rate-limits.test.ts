import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { readIdentity } from '@edu/platform/http';
import { TEST_IDENTITY_SECRET } from '@edu/platform/testing';
import { DEFAULT_RATE_LIMIT_PER_USER_PER_MINUTE } from '../src/settings.ts';
import { bearer, type PartnerFixture, startPartnerFixture } from './support/partner-clients.ts';

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

describe('per-client rate limits at the gateway', () => {
  test("every proxied answer to a client carries RateLimit-*; past the client's limit, 429 without calling the service", async () => {
    const app = gateway();
    const client = await createClient(app, {
      name: 'Small',
      scopes: ['progress:read'],
      rateLimitPerMinute: 3,
    });
    const token = await tokenFor(app, client.clientId, client.clientSecret);
    const before = fixture.received.length;
    for (let request = 1; request <= 3; request++) {
      const response = await app.request('/api/v1/partner/progress', { headers: bearer(token) });
      expect(response.status).toBe(200);
      expect(response.headers.get('ratelimit-limit')).toBe('3');
      expect(response.headers.get('ratelimit-remaining')).toBe(String(3 - request));
      expect(response.headers.get('ratelimit-reset')).toBe('30');
      expect(response.headers.get('ratelimit-policy')).toBe('3;w=60');
    }
    expect(fixture.received.length).toBe(before + 3);
    // The service saw a client identity with its scopes, and nothing about the limit.
    const identity = await readIdentity(
      fixture.received.at(-1)?.headers ?? new Headers(),
      TEST_IDENTITY_SECRET,
    );
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
    expect(fixture.received.length).toBe(before + 3);
  });

  test('revoking a client stops the tokens it already holds at once (401), before the service is called', async () => {
    const app = gateway();
    const client = await createClient(app);
    const token = await tokenFor(app, client.clientId, client.clientSecret);
    expect((await app.request('/api/v1/partner/enrollments', { headers: bearer(token) })).status).toBe(200);
    const revoked = await app.request(`/api/v1/auth/clients/${client.clientId}`, {
      method: 'DELETE',
      headers: bearer(fixture.adminToken),
    });
    expect(revoked.status).toBe(204);
    const before = fixture.received.length;
    const refused = await app.request('/api/v1/partner/enrollments', { headers: bearer(token) });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toContain('invalid_token');
    expect(fixture.received.length).toBe(before);
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
      const response = await app.request('/api/v1/users/me', { headers: bearer(fixture.learnerToken) });
      expect(response.status).toBe(200);
      expect(response.headers.get('ratelimit-limit')).toBe(String(DEFAULT_RATE_LIMIT_PER_USER_PER_MINUTE));
    }
  });
});
