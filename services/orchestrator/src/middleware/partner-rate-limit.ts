import type { Cache } from '@edu/platform/cache';
import { PARTNER_WINDOW_SECONDS } from '../domain/rate-limits.ts';
import { createRequestRateLimiter } from './request-rate-limit.ts';

/** Per-client request limits for partner API clients at the gateway, per 60 s window. */
export function createPartnerRateLimiter(
  cache: Cache,
  defaultLimitPerMinute: number,
  now: () => number = Date.now,
) {
  const limiter = createRequestRateLimiter(cache, {
    name: 'partner',
    windowSeconds: PARTNER_WINDOW_SECONDS,
    now,
  });
  return {
    /**
     * Counts one request of `clientSub` and answers its `RateLimit-*` headers, or throws a 429
     * (with them and Retry-After) when it is over its own limit or else the default.
     */
    consume(clientSub: string, ownLimitPerMinute: number | undefined): Promise<Record<string, string>> {
      const limit = ownLimitPerMinute ?? defaultLimitPerMinute;
      return limiter.consume(clientSub, limit, `This API client may make ${limit} requests per minute`);
    },
  };
}
export type PartnerRateLimiter = ReturnType<typeof createPartnerRateLimiter>;
