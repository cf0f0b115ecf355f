import { z } from 'zod';

const ClientEnvSchema = z.object({ clientIp: z.string().min(1) });

/**
 * The caller's address, as the runtime entry handed it to the gateway in the Hono env: the
 * Bun server's socket address (embedded) or Cloudflare's `cf-connecting-ip` (edge). Request
 * headers such as X-Forwarded-For are not trusted: anyone can set them.
 */
export function clientIpOf(env: unknown): string | null {
  const parsed = ClientEnvSchema.safeParse(env);
  return parsed.success ? parsed.data.clientIp : null;
}

/**
 * The learner site's server calls the API for its visitors. So that per-address limits count
 * the visitor rather than the site, it sends the visitor's address together with a secret that
 * only it and the gateway were given (SITE_PROXY_SECRET); without the secret the header is
 * ignored, so no one else can pick the address they are counted as.
 */
const VISITOR_IP_HEADER = 'x-edu-visitor-ip';
const SITE_SECRET_HEADER = 'x-edu-site-secret';

/** An IPv6 address with a zone is at most 45 characters; anything longer is not an address. */
const MAX_ADDRESS_LENGTH = 64;

/** The visitor's address when `headers` carry it with the site's secret; null otherwise. */
export function vouchedVisitorIp(headers: Headers, secret: string | undefined): string | null {
  if (!secret) return null;
  const given = headers.get(SITE_SECRET_HEADER);
  const address = headers.get(VISITOR_IP_HEADER);
  if (!given || !address || address.length > MAX_ADDRESS_LENGTH) return null;
  return sameText(given, secret) ? address : null;
}

/** Compares in time that does not depend on where the texts differ (Workers lack node:crypto's). */
function sameText(given: string, expected: string): boolean {
  const a = new TextEncoder().encode(given);
  const b = new TextEncoder().encode(expected);
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let index = 0; index < a.length; index++) difference |= (a[index] ?? 0) ^ (b[index] ?? 0);
  return difference === 0;
}
