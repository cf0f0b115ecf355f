import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { DEMO_ACCOUNTS, type Role } from '@edu/contracts';
import { queryRows } from '@edu/platform/db';
import { GATEWAY_CALLER, signIdentity } from '@edu/platform/http';
import {
  asCaller,
  type ServiceUnderTest,
  startServiceUnderTest,
  TEST_IDENTITY_SECRET,
} from '@edu/platform/testing';
import { sql } from 'drizzle-orm';
import { createApp, SERVICE_NAME } from '../src/app.ts';
import { MIGRATIONS_FOLDER } from '../src/migrations.ts';
import { seedDemoProfiles } from '../src/seed.ts';

type App = ReturnType<typeof createApp>;
let subject: ServiceUnderTest<App>;

beforeAll(async () => {
  subject = await startServiceUnderTest({
    service: SERVICE_NAME,
    migrationsFolder: MIGRATIONS_FOLDER,
    createApp,
  });
  await seedDemoProfiles(subject.deps);
}, 60_000);
afterAll(async () => {
  await subject.close();
});

const [ADMIN, INSTRUCTOR, LEARNER] = DEMO_ACCOUNTS.map((account) => ({
  sub: account.id,
  roles: account.roles,
}));
const as = async (caller: { sub: string; roles: Role[] } | undefined) =>
  caller ? await asCaller(caller) : {};
const gateway = () => signIdentity(GATEWAY_CALLER, TEST_IDENTITY_SECRET);

async function request(
  path: string,
  init: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
) {
  return subject.app.request(path, {
    method: init.method ?? 'GET',
    headers: { ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}), ...init.headers },
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  });
}

async function createProfile(email: string, name = 'New Person') {
  const id = crypto.randomUUID();
  const response = await request('/internal/v1/users', {
    method: 'POST',
    headers: await gateway(),
    body: { id, email, name },
  });
  return { id, response };
}

async function outboxFor(userId: string) {
  return queryRows<{ type: string; envelope: { data: Record<string, unknown> } }>(
    subject.deps.db,
    sql`select type, envelope from users.outbox where key = ${userId} order by seq`,
  );
}

describe('GET/PATCH /api/v1/users/me', () => {
  test('answers the caller’s own profile', async () => {
    const response = await request('/api/v1/users/me', { headers: await as(LEARNER) });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      id: LEARNER?.sub,
      email: 'learner@example.com',
      name: 'Lena Learner',
      roles: ['user'],
      locale: null,
      createdAt: expect.any(String),
    });
  });

  test('changes name and locale, publishes USER_UPDATED in the same transaction', async () => {
    const { id } = await createProfile('patcher@example.com');
    const response = await request('/api/v1/users/me', {
      method: 'PATCH',
      headers: await as({ sub: id, roles: ['user'] }),
      body: { name: '  Pat Cher ', locale: 'fr-CA', roles: ['admin'], email: 'hijack@example.com' },
    });
    expect(response.status).toBe(200);
    // Unknown fields (roles, email) are ignored: nobody grants themselves a role here.
    expect(await response.json()).toMatchObject({
      name: 'Pat Cher',
      locale: 'fr-CA',
      roles: ['user'],
      email: 'patcher@example.com',
    });
    const events = await outboxFor(id);
    expect(events.map((event) => event.type)).toEqual(['USER_CREATED', 'USER_UPDATED']);
    expect(events[1]?.envelope.data).toMatchObject({ userId: id, name: 'Pat Cher', locale: 'fr-CA' });
  });

  test('bad changes are 400 with errors', async () => {
    const response = await request('/api/v1/users/me', {
      method: 'PATCH',
      headers: await as(LEARNER),
      body: { name: '', locale: 'not a locale!' },
    });
    expect(response.status).toBe(400);
    const problem = (await response.json()) as { errors: Array<{ path: string }> };
    expect(problem.errors.map((error) => error.path).sort()).toEqual(['locale', 'name']);
  });

  test('anonymous is 401; a caller without a profile is 404; a partner client is 403', async () => {
    expect((await request('/api/v1/users/me')).status).toBe(401);
    expect(
      (await request('/api/v1/users/me', { headers: await as({ sub: 'ghost', roles: ['user'] }) })).status,
    ).toBe(404);
    const client = await asCaller({ sub: 'partner@clients', roles: [], kind: 'client' });
    expect((await request('/api/v1/users/me', { headers: client })).status).toBe(403);
  });

  test('identity headers not signed with the gateway’s secret are ignored', async () => {
    const forged = await signIdentity(
      { kind: 'user', sub: ADMIN?.sub ?? '', roles: ['user', 'admin'], scopes: [] },
      'some-other-secret-0123456789abcdef0123',
    );
    expect((await request('/api/v1/users/me', { headers: forged })).status).toBe(401);
    expect((await request('/api/v1/users', { headers: forged })).status).toBe(401);
  });
});

describe('GET /api/v1/users (admin)', () => {
  test('a user or an instructor gets 403, anonymous 401', async () => {
    expect((await request('/api/v1/users', { headers: await as(LEARNER) })).status).toBe(403);
    expect((await request('/api/v1/users', { headers: await as(INSTRUCTOR) })).status).toBe(403);
    expect((await request('/api/v1/users')).status).toBe(401);
  });

  test('pages through every profile with a cursor', async () => {
    for (let index = 0; index < 5; index++) await createProfile(`page-${index}@example.com`);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `?limit=2&cursor=${cursor}` : '?limit=2';
      const response = await request(`/api/v1/users${query}`, { headers: await as(ADMIN) });
      expect(response.status).toBe(200);
      const page = (await response.json()) as { items: Array<{ id: string }>; nextCursor: string | null };
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((item) => item.id));
      cursor = page.nextCursor;
    } while (cursor);
    const total = await queryRows<{ count: number }>(
      subject.deps.db,
      sql`select count(*)::int as count from users.profiles`,
    );
    expect(seen).toHaveLength(total[0]?.count ?? -1);
    expect(new Set(seen).size).toBe(seen.length);
  });

  test('limit must be 1..100 and a forged cursor is 400', async () => {
    const headers = await as(ADMIN);
    for (const query of ['?limit=0', '?limit=101', '?limit=abc', '?cursor=%%%']) {
      const response = await request(`/api/v1/users${query}`, { headers });
      expect(response.status).toBe(400);
      expect(((await response.json()) as { errors?: unknown[] }).errors?.length).toBeGreaterThan(0);
    }
  });

  test('profiles carry no credential of any kind', async () => {
    const response = await request('/api/v1/users?limit=100', { headers: await as(ADMIN) });
    const text = (await response.text()).toLowerCase();
    expect(text).not.toContain('password');
    expect(text).not.toContain('hash');
  });
});

describe('PUT /api/v1/users/{id}/roles (admin)', () => {
  test('an admin sets roles; user is always kept; USER_UPDATED is published', async () => {
    const { id } = await createProfile('promoted@example.com');
    const response = await request(`/api/v1/users/${id}/roles`, {
      method: 'PUT',
      headers: await as(ADMIN),
      body: { roles: ['instructor', 'instructor'] },
    });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { roles: string[] }).roles).toEqual(['user', 'instructor']);
    expect((await outboxFor(id)).at(-1)?.envelope.data).toMatchObject({ roles: ['user', 'instructor'] });
  });

  test('a user or instructor cannot; an unknown role is 400; an unknown user 404', async () => {
    const { id } = await createProfile('not-promoted@example.com');
    const body = { roles: ['admin'] };
    expect(
      (await request(`/api/v1/users/${id}/roles`, { method: 'PUT', headers: await as(LEARNER), body }))
        .status,
    ).toBe(403);
    expect(
      (await request(`/api/v1/users/${id}/roles`, { method: 'PUT', headers: await as(INSTRUCTOR), body }))
        .status,
    ).toBe(403);
    expect((await request(`/api/v1/users/${id}/roles`, { method: 'PUT', body })).status).toBe(401);
    const bad = await request(`/api/v1/users/${id}/roles`, {
      method: 'PUT',
      headers: await as(ADMIN),
      body: { roles: ['root'] },
    });
    expect(bad.status).toBe(400);
    const missing = await request('/api/v1/users/nobody/roles', {
      method: 'PUT',
      headers: await as(ADMIN),
      body,
    });
    expect(missing.status).toBe(404);
  });

  test('an admin cannot remove their own admin role', async () => {
    const response = await request(`/api/v1/users/${ADMIN?.sub}/roles`, {
      method: 'PUT',
      headers: await as(ADMIN),
      body: { roles: ['user'] },
    });
    expect(response.status).toBe(409);
  });
});

describe('internal profile routes (gateway only)', () => {
  test('create: 201 with USER_CREATED, idempotent for the same id, 409 for a taken email in any case', async () => {
    const { id, response } = await createProfile('Mixed.Case@Example.com', 'Mixed');
    expect(response.status).toBe(201);
    expect((await outboxFor(id)).map((event) => event.type)).toEqual(['USER_CREATED']);
    const retry = await request('/internal/v1/users', {
      method: 'POST',
      headers: await gateway(),
      body: { id, email: 'mixed.case@example.com', name: 'Mixed' },
    });
    expect(retry.status).toBe(200);
    expect((await outboxFor(id)).map((event) => event.type)).toEqual(['USER_CREATED']);
    const { response: taken } = await createProfile('MIXED.CASE@example.com');
    expect(taken.status).toBe(409);
  });

  test('anyone but the gateway gets 404, even an admin', async () => {
    const body = { id: 'sneaky', email: 'sneaky@example.com', name: 'Sneaky' };
    for (const headers of [
      {},
      await as(ADMIN),
      await asCaller({ sub: 'someone@clients', roles: [], kind: 'client' }),
    ]) {
      expect((await request('/internal/v1/users', { method: 'POST', headers, body })).status).toBe(404);
      expect((await request(`/internal/v1/users/${ADMIN?.sub}`, { headers })).status).toBe(404);
    }
  });

  test('a profile by email, in any case, for gateway-signed callers; 404 when none', async () => {
    const found = await request('/internal/v1/users?email=INSTRUCTOR%40Example.com', {
      headers: await gateway(),
    });
    expect(found.status).toBe(200);
    expect(await found.json()).toMatchObject({ id: INSTRUCTOR?.sub, email: 'instructor@example.com' });
    const missing = await request('/internal/v1/users?email=nobody%40example.com', {
      headers: await gateway(),
    });
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toBe('application/problem+json');
    expect((await request('/internal/v1/users', { headers: await gateway() })).status).toBe(400);
    for (const headers of [
      {},
      await as(ADMIN),
      await asCaller({ sub: 'p1@clients', roles: [], kind: 'client' }),
    ]) {
      const response = await request('/internal/v1/users?email=instructor%40example.com', { headers });
      expect(response.status).toBe(404);
    }
  });

  test('a profile by id for the gateway', async () => {
    const response = await request(`/internal/v1/users/${INSTRUCTOR?.sub}`, { headers: await gateway() });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      email: 'instructor@example.com',
      roles: ['user', 'instructor'],
    });
  });
});

test('seeding twice leaves one profile per demo account', async () => {
  await seedDemoProfiles(subject.deps);
  const rows = await queryRows<{ count: number }>(
    subject.deps.db,
    sql`select count(*)::int as count from users.profiles where id in (${sql.join(
      DEMO_ACCOUNTS.map((account) => sql`${account.id}`),
      sql`, `,
    )})`,
  );
  expect(rows[0]?.count).toBe(DEMO_ACCOUNTS.length);
});
