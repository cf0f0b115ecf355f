import { join } from 'node:path';
import { ConfigError, type ModuleDeps } from '@edu/platform';
import { auth0ConfigOf, type GatewayConfig } from '../../settings.ts';
import { createAuth0Provider } from './auth0.ts';
import { createEmbeddedIssuer, type UserClaims } from './embedded/issuer.ts';
import { seedDemoCredentials } from './embedded/seed.ts';
import { loadIssuerKey } from './embedded/signing-key.ts';
import type { IdentityProvider } from './provider.ts';

type Deps = ModuleDeps<GatewayConfig>;

/** Where the embedded issuer reads what tokens claim about a user: the users service's profile. */
interface ClaimsSource {
  claims(userId: string): Promise<UserClaims | null>;
}

/** The gateway's identity provider, and how to seed its demo credentials (none with Auth0). */
interface OpenedIdentity {
  provider: IdentityProvider;
  seed(): Promise<void>;
}

// The identity of one set of deps, built once and shared by the app and the seed.
const opened = new WeakMap<Deps, Promise<OpenedIdentity>>();

/** The identity provider the settings name (see `openIdentity`), opened once per set of deps. */
export function identityOf(deps: Deps, users: ClaimsSource): Promise<OpenedIdentity> {
  let identity = opened.get(deps);
  if (!identity) {
    identity = openIdentity(deps, users);
    opened.set(deps, identity);
  }
  return identity;
}

/**
 * Auth0 when AUTH0_DOMAIN is set; otherwise the embedded issuer, its key from ISSUER_PRIVATE_KEY,
 * else kept in DATA_DIR, else new for this process. A gateway of its own (edge, self-hosted
 * replicas) must not mint a key of its own: its tokens would fail at every other instance.
 */
async function openIdentity(deps: Deps, users: ClaimsSource): Promise<OpenedIdentity> {
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
  const issuer = createEmbeddedIssuer({
    db: deps.db,
    key,
    issuer: settings.ISSUER_URL ?? settings.PUBLIC_URL.replace(/\/+$/, ''),
    audience: settings.ISSUER_AUDIENCE,
    clientId: 'edu-site',
    accessTokenTtlSeconds: settings.ACCESS_TOKEN_TTL,
    refreshTokenTtlSeconds: settings.REFRESH_TOKEN_TTL,
    loadClaims: (userId) => users.claims(userId),
  });
  return { provider: issuer, seed: () => seedDemoCredentials(issuer) };
}
