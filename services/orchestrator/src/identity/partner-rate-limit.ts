import type { Cache } from '@edu/platform/cache';
import { AppError } from '@edu/platform/http';
import { fixedWindow, PARTNER_WINDOW_SECONDS, rateLimitHeaders } from '../domain/rate-limits.ts';

/**
 * Per-client request limits for partner API clients at the gateway: one counter per client
 * and fixed 60 s window in the shared cache (Redis or Upstash across instances), so a request
 * costs one increment. The window's number is part of the key, so no instance has to reset it.
 */
export function createPartnerRateLimiter(
  cache: Cache,
  defaultLimitPerMinute: number,
  now: () => number = Date.now,
) {
  return {
    /**
     * Counts one request of `clientSub` and answers its `RateLimit-*` headers, or throws a 429
     * (with them and Retry-After) when it is over its own limit or else the default.
     */
    async consume(clientSub: string, ownLimitPerMinute: number | undefined): Promise<Record<string, string>> {
      const limit = ownLimitPerMinute ?? defaultLimitPerMinute;
      const window = fixedWindow(now(), PARTNER_WINDOW_SECONDS);
      // Lives just past its window's end; later requests count into the next window's key.
      const count = await cache.increment(
        `ratelimit:partner:${clientSub}:${window.index}`,
        window.resetSeconds + 1,
      );
      const headers = rateLimitHeaders(limit, count, window.resetSeconds, PARTNER_WINDOW_SECONDS);
      if (count > limit) {
        throw new AppError('rate_limited', `This API client may make ${limit} requests per minute`, {
          headers: { ...headers, 'Retry-After': String(window.resetSeconds) },
        });
      }
      return headers;
    },
  };
}
export type PartnerRateLimiter = ReturnType<typeof createPartnerRateLimiter>;
