import type { Cache } from '@edu/platform/cache';
import type { AppEnv } from '@edu/platform/http';
import type { Context, MiddlewareHandler } from 'hono';
import { type AccessTokenVerifier, authenticate } from '../adapters/identity/verify.ts';
import { clientIpOf } from '../domain/client-ip.ts';
import { API_WINDOW_SECONDS } from '../domain/rate-limits.ts';
import { createRequestRateLimiter } from './request-rate-limit.ts';

interface ApiRateLimitOptions {
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
  const addressSubject = (clientIp: string | null) => (clientIp ? `ip:${clientIp}` : inProcess);
  const userRefusal = `An account may make ${options.perUserPerMinute} requests per minute`;
  const addressRefusal = `An address may make ${options.perIpPerMinute} requests per minute without signing in`;
  return async (c, next) => {
    // Preflights are answered by CORS before this; any other OPTIONS is not worth a counter.
    if (c.req.method === 'OPTIONS') return next();
    // A token that does not verify counts as anonymous here; the route itself answers the 401.
    // Verified tokens are cached, so the route's own verification costs no second signature check.
    const caller = await authenticate(c.req.raw.headers, options.verifier).catch(() => null);
    if (caller?.kind === 'client') return next();
    const headers = caller
      ? await limiter.consume(`user:${caller.sub}`, options.perUserPerMinute, userRefusal)
      : await limiter.consume(addressSubject(clientIpOf(c.env)), options.perIpPerMinute, addressRefusal);
    await next();
    withHeaders(c, headers);
  };
}

/**
 * Adds `headers` to the answer, errors included. Set in place (no copy on the hot path); an
 * answer with immutable headers (a service binding's response at the edge) is copied first.
 */
function withHeaders(c: Context<AppEnv>, headers: Record<string, string>): void {
  try {
    for (const [name, value] of Object.entries(headers)) c.res.headers.set(name, value);
  } catch {
    const copy = new Response(c.res.body, c.res);
    for (const [name, value] of Object.entries(headers)) copy.headers.set(name, value);
    c.res = copy;
  }
}
