import { BINDING_NAME_OF, SERVICE_NAMES, type ServiceName } from '@edu/contracts';
import { createLogger, loadConfig, PlatformSettings, type ServiceBinding } from '@edu/platform';
import { createMemoryCache } from '@edu/platform/cache';
import { createUpstashCache } from '@edu/platform/cache/upstash';
import { problemResponse } from '@edu/platform/http';
import { z } from 'zod';
import { createApp } from './app.ts';
import { auth0ConfigOf, IdentitySettings, requireCompleteAuth0, TrafficSettings } from './config.ts';
import { createAuth0Provider } from './identity/auth0.ts';
import { vouchedVisitorIp } from './identity/site-visitor.ts';

const ServiceBindingSchema = z.custom<ServiceBinding>(
  (value) =>
    typeof value === 'object' && value !== null && 'fetch' in value && typeof value.fetch === 'function',
  'must be a service binding',
);

/** At the edge identity is always Auth0: the embedded issuer needs a database and a key file. */
const EdgeSettings = PlatformSettings.extend({
  ...IdentitySettings.shape,
  ...TrafficSettings.shape,
  AUTH0_DOMAIN: z.string({ error: 'is required at the edge (Auth0)' }).min(1),
  INTERNAL_IDENTITY_SECRET: z.string().min(32, 'must be at least 32 characters'),
  /** Shared with the site's Worker, which vouches with it for its visitors' addresses. */
  SITE_PROXY_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
}).superRefine(requireCompleteAuth0);

type Gateway = { app: ReturnType<typeof createApp>; siteSecret: string | undefined };
// Safe across requests: the gateway holds only bindings, settings, the JWKS and verified-token
// caches (plain data) and a fetch-based Upstash client; no per-request I/O object.
let gateway: Gateway | undefined;

function buildGateway(env: Record<string, unknown>): Gateway {
  const settings: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) if (typeof value === 'string') settings[key] = value;
  const config = loadConfig(EdgeSettings, settings);
  const auth0 = auth0ConfigOf(config);
  if (!auth0) throw new Error('Invalid setting AUTH0_DOMAIN: it is not set');
  const services = Object.fromEntries(
    SERVICE_NAMES.map((service) => {
      const name = BINDING_NAME_OF[service];
      const parsed = ServiceBindingSchema.safeParse(env[name]);
      if (!parsed.success) throw new Error(`Invalid setting ${name}: must be a service binding`);
      return [service, parsed.data];
    }),
  ) as Record<ServiceName, ServiceBinding>;
  const cache =
    config.UPSTASH_REDIS_REST_URL && config.UPSTASH_REDIS_REST_TOKEN
      ? createUpstashCache({ url: config.UPSTASH_REDIS_REST_URL, token: config.UPSTASH_REDIS_REST_TOKEN })
      : createMemoryCache({ maxEntries: 5_000 });
  const app = createApp({
    services,
    logger: createLogger({ level: config.LOG_LEVEL, bindings: { service: 'orchestrator' } }),
    identitySecret: config.INTERNAL_IDENTITY_SECRET,
    identity: createAuth0Provider(auth0),
    cache,
    partnerRateLimitPerMinute: config.PARTNER_RATE_LIMIT_PER_MINUTE,
    traffic: config,
  });
  return { app, siteSecret: config.SITE_PROXY_SECRET };
}

export default {
  fetch(request: Request, env: Record<string, unknown>): Response | Promise<Response> {
    try {
      gateway ??= buildGateway(env);
    } catch (error) {
      console.error(JSON.stringify({ level: 'error', msg: String(error), service: 'orchestrator' }));
      return problemResponse('unavailable', 'The gateway is misconfigured');
    }
    // Cloudflare sets cf-connecting-ip itself; a client cannot choose it. Rate limits key on it,
    // or on the visitor's address when the site's Worker calls for a visitor and proves it.
    const clientIp =
      vouchedVisitorIp(request.headers, gateway.siteSecret) ?? request.headers.get('cf-connecting-ip') ?? '';
    return gateway.app.fetch(request, { clientIp });
  },
};
