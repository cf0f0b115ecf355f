/**
 * Whether the visitor reached us over HTTPS: the request's own scheme (Cloudflare hands a worker
 * the visitor's https URL; Bun's server with TLS does too), or `X-Forwarded-Proto: https` from a
 * TLS-terminating proxy in front of the Bun server. The header is taken from anyone: what it
 * decides (HSTS, the origin form posts are checked against) gains a forger nothing — browsers
 * ignore HSTS received over plain HTTP (RFC 6797 §8.1) — while a proxy's true one must not be lost.
 */
export function isServedOverHttps(request: Request): boolean {
  if (new URL(request.url).protocol === 'https:') return true;
  const forwarded = request.headers.get('x-forwarded-proto')?.split(',')[0]?.trim().toLowerCase();
  return forwarded === 'https';
}
