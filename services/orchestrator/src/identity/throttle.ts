import type { Cache } from '@edu/platform/cache';
import { AppError } from '@edu/platform/http';
import { isOverLimit, normalizeAccount, type RateLimitPolicy } from '../domain/rate-limits.ts';

async function digest(value: string): Promise<string> {
  const bytes = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(value));
  return Array.from(new Uint8Array(bytes).slice(0, 16), (byte) => byte.toString(16).padStart(2, '0')).join(
    '',
  );
}

/** A rate-limit subject: an address, or an account (hashed, so no email sits in the cache). */
export async function accountSubject(email: string): Promise<string> {
  return `account:${await digest(normalizeAccount(email))}`;
}
/** A rate-limit subject for a partner client id (hashed: ids are caller-chosen text of any shape). */
export async function clientIdSubject(clientId: string): Promise<string> {
  return `client:${await digest(clientId)}`;
}
/**
 * Null without an address: only in-process callers (tests, scripts) have none, since the Bun
 * server and Cloudflare always supply one. Per-address limits then do not apply; per-account ones still do.
 */
export const ipSubject = (ip: string | null) => (ip ? `ip:${ip}` : null);

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
