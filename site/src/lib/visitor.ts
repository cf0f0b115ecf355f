import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The visitor's address, passed on to the API so its per-IP limits (login, registration) count
 * visitors, not this server. The front server that proxies to the site sets `x-edu-visitor-ip`
 * (overwriting whatever a client sent); the API believes it only together with the secret the
 * front server gave this process (SITE_PROXY_SECRET), so no one else can pick an address.
 */
const VISITOR_IP_HEADER = 'x-edu-visitor-ip';
const SITE_SECRET_HEADER = 'x-edu-site-secret';

const visitorIp = new AsyncLocalStorage<string>();

/** On Cloudflare Workers visitors reach us directly, and Cloudflare itself sets their address. */
const onWorkers =
  (globalThis as { navigator?: { userAgent?: string } }).navigator?.userAgent === 'Cloudflare-Workers';

/**
 * Runs `work` (one page request) knowing the visitor's address: the front server's header in
 * the embedded topology, Cloudflare's `cf-connecting-ip` at the edge (where the other header
 * would be the visitor's own to forge).
 */
export function withVisitor<T>(request: Request, work: () => T): T {
  const address = request.headers.get(onWorkers ? 'cf-connecting-ip' : VISITOR_IP_HEADER);
  return address ? visitorIp.run(address, work) : work();
}

/** Adds the visitor's address and the site's secret to the headers of an API request made for this visitor. */
export function markVisitor(headers: Headers): void {
  const address = visitorIp.getStore();
  const secret = (globalThis as { process?: { env: Record<string, string | undefined> } }).process?.env
    .SITE_PROXY_SECRET;
  if (!address || !secret) return;
  headers.set(VISITOR_IP_HEADER, address);
  headers.set(SITE_SECRET_HEADER, secret);
}
