import type { Cache } from '@edu/platform/cache';
import type { AppEnv } from '@edu/platform/http';
import type { MiddlewareHandler } from 'hono';
import { API_WINDOW_SECONDS } from '../domain/rate-limits.ts';
import { authenticate } from '../identity/authenticate.ts';
import { clientIpOf } from '../identity/client-ip.ts';
import { createRequestRateLimiter } from '../identity/request-rate-limit.ts';
import type { AccessTokenVerifier } from '../identity/verify.ts';

export interface ApiRateLimitOptions {
  cache: Cache;
  verifier: AccessTokenVerifier;
  perIpPerMinute: number;
  perUserPerMinute: number;
  now?: () => number;
}

/**
 * Limits the public API per signed-in user (by the token's subject, wherever they connect from)
 * and per address for everyone else: one counter increment per request, and `RateLimit-*`
 * headers on every answer (errors too). Partner clients pass on to their own limiter at the
 * proxy. Behind the site, the address is the visitor's that the site vouches for.
 */
export function apiRateLimit(options: ApiRateLimitOptions): MiddlewareHandler<AppEnv> {
  const limiter = createRequestRateLimiter(options.cache, {
    name: 'api',
    windowSeconds: API_WINDOW_SECONDS,
    ...(options.now ? { now: options.now } : {}),
  });
  // Requests without an address come from inside this process (tests, scripts): they share one
  // counter per gateway instance, so they are limited too without meeting another process's.
  const inProcess = `in-process:${crypto.randomUUID()}`;
  return async (c, next) => {
    // Preflights are answered by CORS before this; any other OPTIONS is not worth a counter.
    if (c.req.method === 'OPTIONS') return next();
    // A token that does not verify counts as anonymous here; the route itself answers the 401.
    // Verified tokens are cached, so the route's own verification costs no second signature check.
    const caller = await authenticate(c.req.raw.headers, options.verifier).catch(() => null);
    if (caller?.kind === 'client') return next();
    const clientIp = clientIpOf(c.env);
    const headers = caller
      ? await limiter.consume(
          `user:${caller.sub}`,
          options.perUserPerMinute,
          `An account may make ${options.perUserPerMinute} requests per minute`,
        )
      : await limiter.consume(
          clientIp ? `ip:${clientIp}` : inProcess,
          options.perIpPerMinute,
          `An address may make ${options.perIpPerMinute} requests per minute without signing in`,
        );
    // Set before the route answers: Hono carries these over onto its response, errors included.
    for (const [name, value] of Object.entries(headers)) c.res.headers.set(name, value);
    await next();
  };
}
