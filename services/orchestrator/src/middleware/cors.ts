import type { AppEnv } from '@edu/platform/http';
import type { MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';

/** Headers a partner's browser app may read: the request id and its rate-limit budget. */
const EXPOSED_HEADERS = [
  'X-Request-Id',
  'RateLimit-Limit',
  'RateLimit-Remaining',
  'RateLimit-Reset',
  'RateLimit-Policy',
  'Retry-After',
];
const ALLOWED_HEADERS = ['Authorization', 'Content-Type', 'X-Request-Id'];
const ALLOWED_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'];
/** How long a browser may reuse a preflight's answer. */
const PREFLIGHT_MAX_AGE_SECONDS = 600;

/**
 * CORS for the browser apps of listed origins: bearer tokens, never cookies, so no credentials.
 * An origin not listed gets no CORS header at all (its preflight goes on to the routes, which
 * do not answer OPTIONS); every answer says `Vary: Origin`, since it depends on the origin.
 * Null when no origin is listed: then nothing about CORS is added.
 */
export function corsForOrigins(origins: readonly string[]): MiddlewareHandler<AppEnv> | null {
  if (origins.length === 0) return null;
  const listed = new Set(origins);
  const forListed = cors({
    origin: (origin) => (listed.has(origin) ? origin : null),
    allowMethods: ALLOWED_METHODS,
    allowHeaders: ALLOWED_HEADERS,
    exposeHeaders: EXPOSED_HEADERS,
    maxAge: PREFLIGHT_MAX_AGE_SECONDS,
    credentials: false,
  });
  return async (c, next) => {
    if (listed.has(c.req.header('origin') ?? '')) return forListed(c, next);
    await next();
    c.header('Vary', 'Origin', { append: true });
  };
}
