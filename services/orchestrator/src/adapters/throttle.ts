import type { Cache } from '@edu/platform/cache';
import { AppError } from '@edu/platform/http';
import { isOverLimit, type RateLimitPolicy } from '../domain/rate-limits.ts';

const keyOf = (policy: RateLimitPolicy, subject: string) => `ratelimit:${policy.name}:${subject}`;

/**
 * Counters in the shared cache (memory in one process, Redis or Upstash across instances),
 * so a limit holds whichever instance a request lands on.
 */
export function createThrottle(cache: Cache) {
  async function refuse(policy: RateLimitPolicy, subject: string): Promise<never> {
    const retryAfter = (await cache.ttl(keyOf(policy, subject))) ?? policy.windowSeconds;
    throw new AppError('rate_limited', 'Too many attempts; try again later', {
      headers: { 'Retry-After': String(Math.max(1, retryAfter)) },
    });
  }

  return {
    /** 429 with Retry-After when a failure counter is already at its limit. */
    async check(policy: RateLimitPolicy, subject: string | null): Promise<void> {
      if (subject === null) return;
      const count = Number((await cache.get(keyOf(policy, subject))) ?? 0);
      if (isOverLimit(policy, count)) await refuse(policy, subject);
    },
    /** Counts one failure against the subject. */
    async fail(policy: RateLimitPolicy, subject: string | null): Promise<void> {
      if (subject === null) return;
      await cache.increment(keyOf(policy, subject), policy.windowSeconds);
    },
    /** Counts one attempt, then 429 when it went past the limit. */
    async consume(policy: RateLimitPolicy, subject: string | null): Promise<void> {
      if (subject === null) return;
      const count = await cache.increment(keyOf(policy, subject), policy.windowSeconds);
      if (count > policy.limit) await refuse(policy, subject);
    },
    async reset(policy: RateLimitPolicy, subject: string): Promise<void> {
      await cache.delete(keyOf(policy, subject));
    },
  };
}
export type Throttle = ReturnType<typeof createThrottle>;
