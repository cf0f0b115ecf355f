import { describe, expect, test } from 'bun:test';
import { ADMIN, as, asPartnerClient, asService, INSTRUCTOR, useUsersService } from './support.ts';

const users = useUsersService();

describe('internal profile routes (gateway only)', () => {
  test('create: 201 with USER_CREATED, idempotent for the same id, 409 for a taken email in any case', async () => {
    const { id, response } = await users.createProfile('Mixed.Case@Example.com', 'Mixed');
    expect(response.status).toBe(201);
    expect((await users.outboxFor(id)).map((event) => event.type)).toEqual(['USER_CREATED']);
    const retry = await users.request('/internal/v1/users', {
      method: 'POST',
      headers: await asService('orchestrator'),
      body: { id, email: 'mixed.case@example.com', name: 'Mixed' },
    });
    expect(retry.status).toBe(200);
    expect((await users.outboxFor(id)).map((event) => event.type)).toEqual(['USER_CREATED']);
    const { response: taken } = await users.createProfile('MIXED.CASE@example.com');
    expect(taken.status).toBe(409);
  });

  test('anyone but the gateway gets 404, even an admin or another service', async () => {
    const body = { id: 'sneaky', email: 'sneaky@example.com', name: 'Sneaky' };
    for (const headers of [
      {},
      await as(ADMIN),
      await asPartnerClient('someone@clients'),
      await asService('courses'),
      await asService('payments'),
    ]) {
      expect((await users.request('/internal/v1/users', { method: 'POST', headers, body })).status).toBe(404);
      expect((await users.request(`/internal/v1/users/${ADMIN.sub}`, { headers })).status).toBe(404);
    }
  });

  test('a profile by email, in any case, for gateway-signed callers; 404 when none', async () => {
    const gateway = await asService('orchestrator');
    const found = await users.request('/internal/v1/users?email=INSTRUCTOR%40Example.com', {
      headers: gateway,
    });
    expect(found.status).toBe(200);
    expect(await found.json()).toMatchObject({ id: INSTRUCTOR.sub, email: 'instructor@example.com' });
    const missing = await users.request('/internal/v1/users?email=nobody%40example.com', {
      headers: gateway,
    });
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toBe('application/problem+json');
    expect((await users.request('/internal/v1/users', { headers: gateway })).status).toBe(400);
    for (const headers of [
      {},
      await as(ADMIN),
      await asPartnerClient('p1@clients'),
      await asService('payments'),
    ]) {
      const response = await users.request('/internal/v1/users?email=instructor%40example.com', {
        headers,
      });
      expect(response.status).toBe(404);
    }
  });

  test('a profile by email for the courses service, signed as itself (partner enrollments)', async () => {
    const response = await users.request('/internal/v1/users?email=Instructor%40example.com', {
      headers: await asService('courses'),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ id: INSTRUCTOR.sub, email: 'instructor@example.com' });
  });

  test('a profile by id for the gateway', async () => {
    const response = await users.request(`/internal/v1/users/${INSTRUCTOR.sub}`, {
      headers: await asService('orchestrator'),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      email: 'instructor@example.com',
      roles: ['user', 'instructor'],
    });
  });
});
