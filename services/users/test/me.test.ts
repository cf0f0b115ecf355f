import { describe, expect, test } from 'bun:test';
import { signIdentity } from '@edu/platform/http';
import { ADMIN, as, asPartnerClient, LEARNER, useUsersService } from './support.ts';

const users = useUsersService();

describe('GET/PATCH /api/v1/users/me', () => {
  test('answers the caller’s own profile', async () => {
    const response = await users.request('/api/v1/users/me', { headers: await as(LEARNER) });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      id: LEARNER.sub,
      email: 'learner@example.com',
      name: 'Lena Learner',
      roles: ['user'],
      locale: null,
      createdAt: expect.any(String),
    });
  });

  test('changes name and locale, publishes USER_UPDATED in the same transaction', async () => {
    const { id } = await users.createProfile('patcher@example.com');
    const response = await users.request('/api/v1/users/me', {
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
    const events = await users.outboxFor(id);
    expect(events.map((event) => event.type)).toEqual(['USER_CREATED', 'USER_UPDATED']);
    expect(events[1]?.envelope.data).toMatchObject({ userId: id, name: 'Pat Cher', locale: 'fr-CA' });
  });

  test('bad changes are 400 with errors', async () => {
    const response = await users.request('/api/v1/users/me', {
      method: 'PATCH',
      headers: await as(LEARNER),
      body: { name: '', locale: 'not a locale!' },
    });
    expect(response.status).toBe(400);
    const problem = (await response.json()) as { errors: Array<{ path: string }> };
    expect(problem.errors.map((error) => error.path).sort()).toEqual(['locale', 'name']);
  });

  test('anonymous is 401; a caller without a profile is 404; a partner client is 403', async () => {
    expect((await users.request('/api/v1/users/me')).status).toBe(401);
    expect(
      (await users.request('/api/v1/users/me', { headers: await as({ sub: 'ghost', roles: ['user'] }) }))
        .status,
    ).toBe(404);
    const client = await asPartnerClient('partner@clients');
    expect((await users.request('/api/v1/users/me', { headers: client })).status).toBe(403);
  });

  test('identity headers not signed with the gateway’s secret are ignored', async () => {
    const forged = await signIdentity(
      { kind: 'user', sub: ADMIN.sub, roles: ['user', 'admin'], scopes: [] },
      'some-other-secret-0123456789abcdef0123',
    );
    expect((await users.request('/api/v1/users/me', { headers: forged })).status).toBe(401);
    expect((await users.request('/api/v1/users', { headers: forged })).status).toBe(401);
  });
});
