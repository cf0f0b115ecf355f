import type { ServiceName } from '@edu/contracts';
import { PARTNER_SCOPES } from '@edu/contracts';
import type { FetchableApp, Logger, ModuleDeps, ServiceBinding } from '@edu/platform';
import type { Cache } from '@edu/platform/cache';
import { AppError, createServiceApp, type ServiceApp } from '@edu/platform/http';
import { bodyLimit } from 'hono/body-limit';
import { identityOf } from './adapters/identity/open.ts';
import type { IdentityProvider } from './adapters/identity/provider.ts';
import { createPartnerRevocations } from './adapters/partner-revocations.ts';
import { createThrottle } from './adapters/throttle.ts';
import { createTurnstileVerifier } from './adapters/turnstile.ts';
import { createProgressClient } from './clients/progress.ts';
import { createServicesClient } from './clients/services.ts';
import { createUsersClient } from './clients/users.ts';
import { vouchedVisitorIp } from './domain/client-ip.ts';
import { loginFailuresPerIp, registrationsPerIp } from './domain/rate-limits.ts';
import { MAX_BODY_BYTES } from './domain/request-body.ts';
import { apiRateLimit } from './middleware/api-rate-limit.ts';
import { corsForOrigins } from './middleware/cors.ts';
import { handleGatewayError } from './middleware/errors.ts';
import { registerPages } from './middleware/pages.ts';
import { createPartnerRateLimiter } from './middleware/partner-rate-limit.ts';
import { forwardToService } from './middleware/proxy.ts';
import { securityHeaders } from './middleware/security-headers.ts';
import type { GatewayOperationsDeps } from './operations/deps.ts';
import { authorizeClientAdmin } from './operations/partner-clients.ts';
import { registerAuthorizeAuth } from './routes/auth/authorize.ts';
import { registerCodeAuth } from './routes/auth/code.ts';
import { registerLoginAuth } from './routes/auth/login.ts';
import { registerLogoutAuth } from './routes/auth/logout.ts';
import { registerMeAuth } from './routes/auth/me.ts';
import { registerRefreshAuth } from './routes/auth/refresh.ts';
import { registerRegisterAuth } from './routes/auth/register.ts';
import { registerTokenAuth } from './routes/auth/token.ts';
import { registerCreateClients } from './routes/clients/create.ts';
import { registerListClients } from './routes/clients/list.ts';
import { registerRevokeClients } from './routes/clients/revoke.ts';
import { registerGetHealth } from './routes/health/get.ts';
import { registerGetJwks } from './routes/jwks/get.ts';
import { registerGetOpenapi } from './routes/openapi/get.ts';
import {
  DEFAULT_PARTNER_RATE_LIMIT_PER_MINUTE,
  defaultTraffic,
  type GatewayConfig,
  type TrafficConfig,
} from './settings.ts';

export interface GatewayDeps {
  services: Record<ServiceName, ServiceBinding>;
  logger: Logger;
  /** Signs the verified identity forwarded to services (see `signIdentity`). */
  identitySecret: string;
  /** The embedded issuer or Auth0: login, refresh, logout, and the access-token verifier. */
  identity: IdentityProvider;
  /** Rate-limit counters; shared across instances when it is Redis or Upstash. */
  cache: Cache;
  /** PARTNER_RATE_LIMIT_PER_MINUTE: partner clients' requests per minute unless their token says otherwise. */
  partnerRateLimitPerMinute?: number;
  /** The clock of rate-limit windows (tests pin it). */
  now?: () => number;
  /** CORS, request rate limits and the human check at registration; each unset one has its default. */
  traffic?: Partial<TrafficConfig>;
}

/**
 * The module's app: the identity provider its settings name, and the caller's address for rate
 * limits (the runner's socket address, or the site's visitor when the site's server calls for
 * one and proves it with the shared secret).
 */
export async function createModuleApp(deps: ModuleDeps<GatewayConfig>): Promise<FetchableApp> {
  const app = createApp({
    services: deps.services,
    logger: deps.logger,
    identitySecret: deps.identitySecret,
    identity: (await openedIdentity(deps)).provider,
    cache: deps.cache,
    partnerRateLimitPerMinute: deps.settings.PARTNER_RATE_LIMIT_PER_MINUTE,
    traffic: deps.settings,
  });
  return {
    fetch: (request, env) =>
      app.fetch(request, {
        clientIp: vouchedVisitorIp(request.headers, deps.settings.SITE_PROXY_SECRET) ?? env?.clientIp ?? '',
      }),
  };
}

/** The demo accounts' credentials and the demo partner client (embedded issuer only; idempotent). */
export async function seedDemoIdentities(deps: ModuleDeps<GatewayConfig>): Promise<void> {
  await (await openedIdentity(deps)).seed();
}

/** The identity provider of `deps`, whose tokens claim what the users service's profile says. */
function openedIdentity(deps: ModuleDeps<GatewayConfig>) {
  return identityOf(deps, createUsersClient(deps.services.users, deps.identitySecret));
}

const PARTNER_SCOPE_DESCRIPTIONS = {
  'enrollments:write': "Grant your users access to courses (the partner's enrollments)",
  'progress:read': 'Read the course progress of your enrolled users',
  'webhooks:manage': 'Manage your webhook subscriptions',
} as const satisfies Record<(typeof PARTNER_SCOPES)[number], string>;

function registerSecuritySchemes(app: ServiceApp) {
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'clientSecretBasic', {
    type: 'http',
    scheme: 'basic',
    description: 'A partner client authenticating at POST /api/v1/auth/token: client id and secret.',
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'partnerOAuth', {
    type: 'oauth2',
    description:
      'Partner API clients: the client credentials grant at /api/v1/auth/token; send the token as a Bearer.',
    flows: {
      clientCredentials: {
        tokenUrl: '/api/v1/auth/token',
        scopes: Object.fromEntries(PARTNER_SCOPES.map((scope) => [scope, PARTNER_SCOPE_DESCRIPTIONS[scope]])),
      },
    },
  });
}

/** The api-orchestrator: the single public entry point in front of every service. */
export function createApp(deps: GatewayDeps) {
  const traffic: TrafficConfig = { ...defaultTraffic(), ...deps.traffic };
  const cache = deps.cache;
  const operations: GatewayOperationsDeps = {
    identity: deps.identity,
    users: createUsersClient(deps.services.users, deps.identitySecret),
    progress: createProgressClient(deps.services.progress, deps.identitySecret),
    services: createServicesClient(deps.services, deps.identitySecret),
    throttle: createThrottle(cache),
    partnerRevocations: createPartnerRevocations(cache),
    addressLimits: {
      registrations: registrationsPerIp(traffic.REGISTER_LIMIT_PER_ADDRESS),
      loginFailures: loginFailuresPerIp(traffic.LOGIN_LIMIT_PER_ADDRESS),
    },
    turnstile: traffic.TURNSTILE_SECRET_KEY
      ? createTurnstileVerifier({
          secret: traffic.TURNSTILE_SECRET_KEY,
          verifyUrl: traffic.TURNSTILE_VERIFY_URL,
        })
      : null,
  };
  const app = createServiceApp({ service: 'orchestrator', logger: deps.logger });
  // First, so it wraps every answer below it: routes, errors, 404s and forwarded ones.
  app.use(securityHeaders());
  app.use(async (c, next) => {
    const started = performance.now();
    await next();
    c.get('log').info('request', {
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      ms: Math.round((performance.now() - started) * 10) / 10,
    });
  });
  // Before the body limit, so its 413 reaches a listed origin's browser app and counts too.
  const cors = corsForOrigins(traffic.CORS_ORIGINS);
  if (cors) {
    app.use('/api/*', cors);
    app.use('/.well-known/*', cors);
  }
  app.use(
    '/api/v1/*',
    apiRateLimit({
      cache,
      verifier: deps.identity.verifier,
      perIpPerMinute: traffic.RATE_LIMIT_PER_IP_PER_MINUTE,
      perUserPerMinute: traffic.RATE_LIMIT_PER_USER_PER_MINUTE,
      ...(deps.now ? { now: deps.now } : {}),
    }),
  );
  app.use(
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: () => {
        throw new AppError('payload_too_large', `Request bodies are limited to ${MAX_BODY_BYTES} bytes`);
      },
    }),
  );
  app.onError(handleGatewayError);
  registerSecuritySchemes(app);
  registerGetHealth(app, operations);
  registerPages(app);
  registerGetJwks(app, operations);
  registerRegisterAuth(app, operations);
  registerLoginAuth(app, operations);
  registerAuthorizeAuth(app, operations);
  registerCodeAuth(app, operations);
  registerRefreshAuth(app, operations);
  registerLogoutAuth(app, operations);
  registerMeAuth(app, operations);
  registerTokenAuth(app, operations);
  // Before the routes' validators: who may call is answered before what was sent (401/403, then
  // 400). Hono's `/*` also matches the collection path itself.
  app.use('/api/v1/auth/clients/*', async (c, next) => {
    await authorizeClientAdmin(operations, c.req.raw.headers);
    await next();
  });
  registerCreateClients(app, operations);
  registerListClients(app, operations);
  registerRevokeClients(app, operations);
  // Before the catch-all below, which would otherwise answer this path with a 404.
  registerGetOpenapi(app, operations);
  app.all(
    '/api/v1/*',
    forwardToService(deps.services, {
      verifier: deps.identity.verifier,
      identitySecret: deps.identitySecret,
      partnerRevocations: operations.partnerRevocations,
      partnerLimits: createPartnerRateLimiter(
        cache,
        deps.partnerRateLimitPerMinute ?? DEFAULT_PARTNER_RATE_LIMIT_PER_MINUTE,
        deps.now,
      ),
    }),
  );
  return app;
}
