import { describe, expect, test } from 'bun:test';
import { ADMIN, as, INSTRUCTOR, LEARNER, useUsersService } from './support.ts';

const users = useUsersService();

describe('GET /api/v1/users (admin)', () => {
  test('a user or an instructor gets 403, anonymous 401', async () => {
    expect((await users.request('/api/v1/users', { headers: await as(LEARNER) })).status).toBe(403);
    expect((await users.request('/api/v1/users', { headers: await as(INSTRUCTOR) })).status).toBe(403);
    expect((await users.request('/api/v1/users')).status).toBe(401);
  });

  test('pages through every profile with a cursor', async () => {
    for (let index = 0; index < 5; index++) await users.createProfile(`page-${index}@example.com`);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `?limit=2&cursor=${cursor}` : '?limit=2';
      const response = await users.request(`/api/v1/users${query}`, { headers: await as(ADMIN) });
      expect(response.status).toBe(200);
      const page = (await response.json()) as { items: Array<{ id: string }>; nextCursor: string | null };
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((item) => item.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(await users.countProfiles());
    expect(new Set(seen).size).toBe(seen.length);
  });

  test('limit must be 1..100 and a forged cursor is 400', async () => {
    const headers = await as(ADMIN);
    for (const query of ['?limit=0', '?limit=101', '?limit=abc', '?cursor=%%%']) {
      const response = await users.request(`/api/v1/users${query}`, { headers });
      expect(response.status).toBe(400);
      expect(((await response.json()) as { errors?: unknown[] }).errors?.length).toBeGreaterThan(0);
    }
  });

  test('profiles carry no credential of any kind', async () => {
    const response = await users.request('/api/v1/users?limit=100', { headers: await as(ADMIN) });
    const text = (await response.text()).toLowerCase();
    expect(text).not.toContain('password');
    expect(text).not.toContain('hash');
  });
});
