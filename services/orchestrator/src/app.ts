import type { ServiceName } from '@edu/contracts';
import { PARTNER_SCOPES } from '@edu/contracts';
import type { Logger, ServiceBinding } from '@edu/platform';
import type { Cache } from '@edu/platform/cache';
import { AppError, createServiceApp, handleError } from '@edu/platform/http';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { DEFAULT_PARTNER_RATE_LIMIT_PER_MINUTE } from './config.ts';
import { loginFailuresPerIp, registrationsPerIp } from './domain/rate-limits.ts';
import { MAX_BODY_BYTES } from './domain/request-body.ts';
import { securityHeaders } from './http/security-headers.ts';
import { OAuthError, oauthErrorResponse } from './identity/oauth-error.ts';
import { createPartnerRateLimiter } from './identity/partner-rate-limit.ts';
import { createPartnerRevocations } from './identity/partner-revocations.ts';
import type { IdentityProvider } from './identity/provider.ts';
import { createThrottle } from './identity/throttle.ts';
import { createTurnstileVerifier } from './identity/turnstile.ts';
import { createUsersDirectory } from './identity/users-directory.ts';
import { apiRateLimit } from './middleware/api-rate-limit.ts';
import { corsForOrigins } from './middleware/cors.ts';
import { registerAuthorizationCodeRoutes } from './routes/auth/authorization-code.ts';
import { registerClientRoutes } from './routes/auth/clients.ts';
import { registerLoginRoute } from './routes/auth/login.ts';
import { registerLogoutRoute } from './routes/auth/logout.ts';
import { registerMeRoute } from './routes/auth/me.ts';
import { registerRefreshRoute } from './routes/auth/refresh.ts';
import { registerRegisterRoute } from './routes/auth/register.ts';
import { registerTokenRoute, TOKEN_PATH } from './routes/auth/token.ts';
import { registerDocs } from './routes/docs.ts';
import { registerHealthRoute } from './routes/health.ts';
import { registerHomePage } from './routes/home.ts';
import { registerJwksRoute } from './routes/jwks.ts';
import { forwardToService } from './routes/proxy.ts';
import { defaultTraffic, type TrafficConfig } from './traffic-config.ts';

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

const PARTNER_SCOPE_DESCRIPTIONS = {
  'enrollments:write': "Grant your users access to courses (the partner's enrollments)",
  'progress:read': 'Read the course progress of your enrolled users',
  'webhooks:manage': 'Manage your webhook subscriptions',
} as const satisfies Record<(typeof PARTNER_SCOPES)[number], string>;

/** The api-orchestrator: the single public entry point in front of every service. */
export function createApp(deps: GatewayDeps) {
  const traffic: TrafficConfig = { ...defaultTraffic(), ...deps.traffic };
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
      cache: deps.cache,
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
  // The token endpoint's errors also carry the OAuth `error` member; everything else as usual.
  app.onError((error, c) => {
    if (error instanceof OAuthError) return oauthErrorResponse(error, c.req.path);
    // A body the token endpoint cannot even parse (malformed JSON) is invalid_request there too.
    if (error instanceof HTTPException && error.status === 400 && c.req.path === TOKEN_PATH) {
      return oauthErrorResponse(
        new OAuthError('invalid_request', error.message || 'Malformed body'),
        c.req.path,
      );
    }
    return handleError(error, c);
  });
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
  const authDeps = {
    identity: deps.identity,
    users: createUsersDirectory(deps.services.users, deps.identitySecret),
    throttle: createThrottle(deps.cache),
    partnerRevocations: createPartnerRevocations(deps.cache),
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
  registerHealthRoute(app, deps.services);
  registerHomePage(app);
  registerJwksRoute(app, deps.identity, deps.services.progress);
  registerRegisterRoute(app, authDeps);
  registerLoginRoute(app, authDeps);
  registerAuthorizationCodeRoutes(app, authDeps);
  registerRefreshRoute(app, authDeps);
  registerLogoutRoute(app, authDeps);
  registerMeRoute(app, authDeps);
  registerTokenRoute(app, authDeps);
  registerClientRoutes(app, authDeps);
  // Before the catch-all below, which would otherwise answer these paths with a 404.
  registerDocs(app, deps.services);
  app.all(
    '/api/v1/*',
    forwardToService(deps.services, {
      verifier: deps.identity.verifier,
      identitySecret: deps.identitySecret,
      partnerRevocations: authDeps.partnerRevocations,
      partnerLimits: createPartnerRateLimiter(
        deps.cache,
        deps.partnerRateLimitPerMinute ?? DEFAULT_PARTNER_RATE_LIMIT_PER_MINUTE,
        deps.now,
      ),
    }),
  );
  return app;
}

export type GatewayApp = ReturnType<typeof createApp>;
export type { IdentityProvider, TokenSet } from './identity/provider.ts';
export type { AccessTokenVerifier, VerifiedCaller } from './identity/verify.ts';
