import { afterAll, expect, test } from 'bun:test';
import { type Cache, createMemoryCache } from '@edu/platform/cache';
import { createRedisCache } from '@edu/platform/cache/redis';
import { AppError } from '@edu/platform/http';
import { createThrottle } from '../src/adapters/throttle.ts';
import { accountSubject, LOGIN_FAILURES_PER_ACCOUNT } from '../src/domain/rate-limits.ts';

/** Redis when the test run provides one (scripts/test.ts), so the limits are proven across instances. */
const cache: Cache = process.env.TEST_REDIS_URL
  ? await createRedisCache(process.env.TEST_REDIS_URL)
  : createMemoryCache();
afterAll(async () => {
  await cache.close();
});

test(`failures counted by one instance block the account on another (${cache.kind})`, async () => {
  const first = createThrottle(cache);
  const second = createThrottle(cache);
  const subject = await accountSubject(`Someone-${crypto.randomUUID()}@Example.com`);
  for (let attempt = 0; attempt < LOGIN_FAILURES_PER_ACCOUNT.limit - 1; attempt++) {
    await first.fail(LOGIN_FAILURES_PER_ACCOUNT, subject);
  }
  await second.check(LOGIN_FAILURES_PER_ACCOUNT, subject);
  await second.fail(LOGIN_FAILURES_PER_ACCOUNT, subject);
  const error = await first.check(LOGIN_FAILURES_PER_ACCOUNT, subject).then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe('rate_limited');
  const retryAfter = Number((error as AppError).headers?.['Retry-After']);
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(LOGIN_FAILURES_PER_ACCOUNT.windowSeconds);
  // A successful login resets the account's counter.
  await second.reset(LOGIN_FAILURES_PER_ACCOUNT, subject);
  await first.check(LOGIN_FAILURES_PER_ACCOUNT, subject);
});

test('account subjects ignore case and never contain the email', async () => {
  const subject = await accountSubject('Mixed@Example.com');
  expect(subject).toBe(await accountSubject('mixed@example.com '));
  expect(subject).not.toContain('example');
});
