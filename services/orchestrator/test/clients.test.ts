import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from 'bun:test';
import { DEMO_PARTNER_CLIENT, seedDemoCredentials } from '../src/adapters/identity/embedded/seed.ts';
import { bearer, type PartnerFixture, startPartnerFixture } from './support/partner-clients.ts';

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

    const list = await app.request('/api/v1/auth/clients?limit=100', { headers: bearer(fixture.adminToken) });
    expect(list.status).toBe(200);
    const page = (await list.json()) as { items: Array<Record<string, unknown>>; nextCursor: string | null };
    const listed = page.items.find((item) => item.clientId === created.clientId);
    expect(listed).toMatchObject({ name: 'Acme LMS', revokedAt: null });
    expect(JSON.stringify(page)).not.toContain(created.clientSecret);
    expect(listed).not.toHaveProperty('clientSecret');

    const revoked = await app.request(`/api/v1/auth/clients/${created.clientId}`, {
      method: 'DELETE',
      headers: bearer(fixture.adminToken),
    });
    expect(revoked.status).toBe(204);
    const again = await app.request(`/api/v1/auth/clients/${created.clientId}`, {
      method: 'DELETE',
      headers: bearer(fixture.adminToken),
    });
    expect(again.status).toBe(204);
    const missing = await app.request('/api/v1/auth/clients/cl_nope', {
      method: 'DELETE',
      headers: bearer(fixture.adminToken),
    });
    expect(missing.status).toBe(404);
  });

  test('the list is cursor-paginated', async () => {
    const app = gateway();
    await createClient(app);
    await createClient(app);
    const first = (await (
      await app.request('/api/v1/auth/clients?limit=1', { headers: bearer(fixture.adminToken) })
    ).json()) as {
      items: Array<{ clientId: string }>;
      nextCursor: string | null;
    };
    expect(first.items).toHaveLength(1);
    expect(first.nextCursor).toBeString();
    const second = (await (
      await app.request(`/api/v1/auth/clients?limit=1&cursor=${first.nextCursor}`, {
        headers: bearer(fixture.adminToken),
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
    expect((await app.request(path, init(bearer(fixture.learnerToken)))).status).toBe(403);
    await seedDemoCredentials(fixture.subject.issuer);
    const partner = await tokenFor(app, DEMO_PARTNER_CLIENT.clientId, DEMO_PARTNER_CLIENT.secret);
    expect((await app.request(path, init(bearer(partner)))).status).toBe(403);
  });

  test('bad input is a 400 problem listing the fields', async () => {
    const response = await gateway().request('/api/v1/auth/clients', {
      method: 'POST',
      headers: { ...bearer(fixture.adminToken), 'content-type': 'application/json' },
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
