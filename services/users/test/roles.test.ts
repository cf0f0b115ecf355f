import { describe, expect, test } from 'bun:test';
import { ADMIN, as, INSTRUCTOR, LEARNER, useUsersService } from './support.ts';

const users = useUsersService();

describe('PUT /api/v1/users/{id}/roles (admin)', () => {
  test('an admin sets roles; user is always kept; USER_UPDATED is published', async () => {
    const { id } = await users.createProfile('promoted@example.com');
    const response = await users.request(`/api/v1/users/${id}/roles`, {
      method: 'PUT',
      headers: await as(ADMIN),
      body: { roles: ['instructor', 'instructor'] },
    });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { roles: string[] }).roles).toEqual(['user', 'instructor']);
    expect((await users.outboxFor(id)).at(-1)?.envelope.data).toMatchObject({
      roles: ['user', 'instructor'],
    });
  });

  test('a user or instructor cannot; an unknown role is 400; an unknown user 404', async () => {
    const { id } = await users.createProfile('not-promoted@example.com');
    const path = `/api/v1/users/${id}/roles`;
    const body = { roles: ['admin'] };
    expect((await users.request(path, { method: 'PUT', headers: await as(LEARNER), body })).status).toBe(403);
    expect((await users.request(path, { method: 'PUT', headers: await as(INSTRUCTOR), body })).status).toBe(
      403,
    );
    expect((await users.request(path, { method: 'PUT', body })).status).toBe(401);
    const bad = await users.request(path, {
      method: 'PUT',
      headers: await as(ADMIN),
      body: { roles: ['root'] },
    });
    expect(bad.status).toBe(400);
    const missing = await users.request('/api/v1/users/nobody/roles', {
      method: 'PUT',
      headers: await as(ADMIN),
      body,
    });
    expect(missing.status).toBe(404);
  });

  test('an admin cannot remove their own admin role', async () => {
    const response = await users.request(`/api/v1/users/${ADMIN.sub}/roles`, {
      method: 'PUT',
      headers: await as(ADMIN),
      body: { roles: ['user'] },
    });
    expect(response.status).toBe(409);
  });
});
