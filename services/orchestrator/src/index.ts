import { join } from 'node:path';
import { ConfigError, defineServiceModule, type ModuleDeps, migrationsFolderBeside } from '@edu/platform';
import { createApp } from './app.ts';
import { auth0ConfigOf } from './config.ts';
import { createAuth0Provider } from './identity/auth0.ts';
import { createEmbeddedIssuer, loadIssuerKey, seedDemoCredentials } from './identity/embedded/index.ts';
import type { IdentityProvider } from './identity/provider.ts';
import { vouchedVisitorIp } from './identity/site-visitor.ts';
import { createUsersDirectory } from './identity/users-directory.ts';
import { type GatewayConfig, GatewaySettings } from './settings.ts';

type Deps = ModuleDeps<GatewayConfig>;

/** The gateway's identity provider, and how to seed its demo credentials (none with Auth0). */
interface Identity {
  provider: IdentityProvider;
  seed(): Promise<void>;
}

// The identity of one set of deps, built once and shared by the app and the seed.
const providers = new WeakMap<Deps, Promise<Identity>>();
function identityOf(deps: Deps): Promise<Identity> {
  let provider = providers.get(deps);
  if (!provider) {
    provider = openIdentity(deps);
    providers.set(deps, provider);
  }
  return provider;
}

/**
 * Auth0 when AUTH0_DOMAIN is set; otherwise the embedded issuer, its key from ISSUER_PRIVATE_KEY,
 * else kept in DATA_DIR, else new for this process. A gateway of its own (edge, self-hosted
 * replicas) must not mint a key of its own: its tokens would fail at every other instance.
 */
async function openIdentity(deps: Deps): Promise<Identity> {
  const { settings } = deps;
  const auth0 = auth0ConfigOf(settings);
  // The demo credentials are the embedded issuer's; with Auth0 there are none (docs/API.md).
  if (auth0) return { provider: createAuth0Provider(auth0), seed: async () => {} };
  if (deps.topology !== 'embedded' && !settings.ISSUER_PRIVATE_KEY) {
    throw new ConfigError(
      'Invalid setting AUTH0_DOMAIN: a standalone gateway needs Auth0, or ISSUER_PRIVATE_KEY for the embedded issuer (it is not set)',
    );
  }
  const key = await loadIssuerKey({
    ...(settings.ISSUER_PRIVATE_KEY ? { privateJwk: settings.ISSUER_PRIVATE_KEY } : {}),
    ...(settings.DATA_DIR ? { file: join(settings.DATA_DIR, 'issuer-key.json') } : {}),
  });
  const directory = createUsersDirectory(deps.services.users, deps.identitySecret);
  const issuer = createEmbeddedIssuer({
    db: deps.db,
    key,
    issuer: settings.ISSUER_URL ?? settings.PUBLIC_URL.replace(/\/+$/, ''),
    audience: settings.ISSUER_AUDIENCE,
    clientId: 'edu-site',
    accessTokenTtlSeconds: settings.ACCESS_TOKEN_TTL,
    refreshTokenTtlSeconds: settings.REFRESH_TOKEN_TTL,
    loadClaims: (userId) => directory.claims(userId),
  });
  return { provider: issuer, seed: () => seedDemoCredentials(issuer) };
}

/** The api-orchestrator: the gateway in front of every service. Runners use this module and nothing else of the package. */
export const orchestratorModule = defineServiceModule({
  name: 'orchestrator',
  kind: 'gateway',
  settings: GatewaySettings,
  // Its tables are the embedded issuer's: schema and journal `identity`.
  migrations: { folder: migrationsFolderBeside(import.meta.url), schema: 'identity' },
  createApp: async (deps) => {
    const app = createApp({
      services: deps.services,
      logger: deps.logger,
      identitySecret: deps.identitySecret,
      identity: (await identityOf(deps)).provider,
      cache: deps.cache,
      partnerRateLimitPerMinute: deps.settings.PARTNER_RATE_LIMIT_PER_MINUTE,
      traffic: deps.settings,
    });
    return {
      // Rate limits count the caller's address: the runner's socket address, or the site's
      // visitor when the site's server calls for one and proves it with the shared secret.
      fetch: (request, env) =>
        app.fetch(request, {
          clientIp: vouchedVisitorIp(request.headers, deps.settings.SITE_PROXY_SECRET) ?? env?.clientIp ?? '',
        }),
    };
  },
  seed: async (deps) => (await identityOf(deps)).seed(),
});
