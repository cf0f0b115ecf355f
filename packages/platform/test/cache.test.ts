import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { type Cache, createMemoryCache } from '../src/cache/index.ts';
import { createRedisCache } from '../src/cache/redis.ts';

/** The contract every cache adapter passes (memory here; Redis when TEST_REDIS_URL is set). */
function describeCacheContract(name: string, open: () => Cache | Promise<Cache>) {
  describe(`${name} cache`, () => {
    let cache: Cache;
    const prefix = `contract:${crypto.randomUUID()}:`;
    beforeAll(async () => {
      cache = await open();
    });
    afterAll(async () => {
      await cache.close();
    });

    test('set then get returns the value; unknown keys are null', async () => {
      await cache.set(`${prefix}a`, 'value-a', 60);
      expect(await cache.get(`${prefix}a`)).toBe('value-a');
      expect(await cache.get(`${prefix}missing`)).toBeNull();
    });

    test('delete removes keys', async () => {
      await cache.set(`${prefix}b`, '1', 60);
      await cache.set(`${prefix}c`, '2', 60);
      await cache.delete(`${prefix}b`, `${prefix}c`);
      expect(await cache.get(`${prefix}b`)).toBeNull();
      expect(await cache.get(`${prefix}c`)).toBeNull();
    });

    test('increment counts and keeps the first time to live', async () => {
      expect(await cache.increment(`${prefix}n`, 60)).toBe(1);
      expect(await cache.increment(`${prefix}n`, 60)).toBe(2);
      const ttl = await cache.ttl(`${prefix}n`);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(60);
      expect(await cache.ttl(`${prefix}none`)).toBeNull();
    });

    test('entries expire', async () => {
      await cache.set(`${prefix}short`, 'x', 1);
      await Bun.sleep(1_100);
      expect(await cache.get(`${prefix}short`)).toBeNull();
    });

    test('ping answers', async () => {
      expect(await cache.ping()).toBe(true);
    });
  });
}

describeCacheContract('memory', () => createMemoryCache());

const redisUrl = process.env.TEST_REDIS_URL;
// scripts/test.ts runs the suites a second time with TEST_REDIS_URL set (and fails in CI if it cannot).
if (redisUrl) describeCacheContract('redis', () => createRedisCache(redisUrl));

test('the memory cache stays bounded', async () => {
  const cache = createMemoryCache({ maxEntries: 3 });
  for (const key of ['a', 'b', 'c', 'd']) await cache.set(key, key, 60);
  expect(await cache.get('a')).toBeNull();
  expect(await cache.get('d')).toBe('d');
});
