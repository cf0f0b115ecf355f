import type { Cache } from '@edu/platform/cache';
import { AppError } from '@edu/platform/http';
import { fixedWindow, rateLimitHeaders } from '../domain/rate-limits.ts';

/**
 * Request limits at the gateway in fixed windows: one counter per subject and window in the
 * shared cache (Redis or Upstash across instances), so a request costs one increment. The
 * window's number is part of the key, so no instance has to reset it.
 */
export function createRequestRateLimiter(
  cache: Cache,
  options: { name: string; windowSeconds: number; now?: () => number },
) {
  const now = options.now ?? Date.now;
  return {
    /**
     * Counts one request of `subject` and answers its `RateLimit-*` headers, or throws a 429
     * (with them, Retry-After and `refusal` as the detail) when it went past `limit`.
     */
    async consume(subject: string, limit: number, refusal: string): Promise<Record<string, string>> {
      const window = fixedWindow(now(), options.windowSeconds);
      // Lives just past its window's end; later requests count into the next window's key.
      const count = await cache.increment(
        `ratelimit:${options.name}:${subject}:${window.index}`,
        window.resetSeconds + 1,
      );
      const headers = rateLimitHeaders(limit, count, window.resetSeconds, options.windowSeconds);
      if (count > limit) {
        throw new AppError('rate_limited', refusal, {
          headers: { ...headers, 'Retry-After': String(window.resetSeconds) },
        });
      }
      return headers;
    },
  };
}
