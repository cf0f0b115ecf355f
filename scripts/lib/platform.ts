import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { SERVICE_NAMES, type ServiceName } from '@edu/contracts';
import { createApp as createGateway, type IdentityProvider } from '@edu/orchestrator';
import { createAuth0Provider } from '@edu/orchestrator/auth0';
import {
  auth0ConfigOf,
  IdentitySettings,
  requireCompleteAuth0,
  TrafficSettings,
} from '@edu/orchestrator/config';
import {
  MIGRATIONS_FOLDER as IDENTITY_MIGRATIONS,
  MIGRATIONS_NAME as IDENTITY_MIGRATIONS_NAME,
} from '@edu/orchestrator/migrations';
import { createUsersDirectory } from '@edu/orchestrator/users-directory';
import {
  createLogger,
  type Logger,
  PlatformSettings,
  portSetting,
  type ServiceBinding,
  unavailableBinding,
} from '@edu/platform';
import { type Cache, createMemoryCache } from '@edu/platform/cache';
import type { DatabaseHandle } from '@edu/platform/db';
import type { EventBus } from '@edu/platform/events';
import { EVENTBUS_MIGRATION_TARGET } from '@edu/platform/events/migrations';
import { z } from 'zod';
import { type EventRuntime, startEventRuntime } from './event-runtime.ts';
import { SERVICE_MODULES } from './services.ts';

/** Settings of the embedded topology (one process); see the README's configuration table. */
export const EmbeddedSettings = PlatformSettings.extend({
  PORT: portSetting(8787),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().min(1).default('.data'),
  ...IdentitySettings.shape,
  ...TrafficSettings.shape,
}).superRefine(requireCompleteAuth0);
export type EmbeddedConfig = z.infer<typeof EmbeddedSettings>;

export interface Platform {
  /** The gateway: the only way in, as over HTTP. `clientIp` is the socket's address (rate limits). */
  fetch(request: Request, connection?: { clientIp?: string }): Promise<Response>;
  database: DatabaseHandle;
  cache: Cache;
  /** The event bus: the Postgres log in `database`, or Kafka when KAFKA_BROKERS is set. */
  bus: EventBus;
  logger: Logger;
  identitySecret: string;
  /** Each service's binding, as the gateway and the other services reach it. */
  services: Record<ServiceName, ServiceBinding>;
  /** Which identity provider the gateway uses; demo accounts exist only with `embedded`. */
  identityKind: IdentityProvider['kind'];
  /** Seeds the demo accounts' credentials (embedded issuer); does nothing with Auth0. */
  seedIdentity(): Promise<void>;
  close(): Promise<void>;
}

export interface PlatformOptions {
  config: EmbeddedConfig;
  /** Keep PGlite in memory instead of under DATA_DIR (tests). */
  inMemory?: boolean;
  logger?: Logger;
  /** An already open database (tests hand in a fresh one); otherwise opened from the config. */
  database?: DatabaseHandle;
  /** Report progress of long steps (migrations) to a person. */
  onProgress?: (message: string) => void;
}

/** Opens the configured database: a PostgreSQL server, or PGlite on disk (or in memory). */
export async function openDatabase(options: PlatformOptions): Promise<DatabaseHandle> {
  const { config } = options;
  if (config.DATABASE_URL) {
    const { openPostgres } = await import('@edu/platform/db/postgres');
    return openPostgres(config.DATABASE_URL);
  }
  const { openPglite } = await import('@edu/platform/db/pglite');
  if (options.inMemory) return openPglite();
  const dataDir = resolve(config.DATA_DIR, 'pglite');
  mkdirSync(dataDir, { recursive: true });
  return openPglite(dataDir);
}

async function openCache(config: EmbeddedConfig): Promise<Cache> {
  if (config.REDIS_URL) {
    const { createRedisCache } = await import('@edu/platform/cache/redis');
    return createRedisCache(config.REDIS_URL);
  }
  return createMemoryCache();
}

/**
 * Builds the whole platform in this process: one database (PGlite or a server), every
 * service migrated and created as its own app, reachable only through its binding.
 */
export async function createPlatform(options: PlatformOptions): Promise<Platform> {
  const { config } = options;
  const logger = options.logger ?? createLogger({ level: config.LOG_LEVEL });
  const database = options.database ?? (await openDatabase(options));
  const cache = await openCache(config);

  // In one process the secret never leaves memory, so a fresh random one per start is enough.
  const identitySecret = config.INTERNAL_IDENTITY_SECRET ?? randomSecret();
  // Bindings look their app up at call time, so services may call each other whatever their start order.
  const apps = new Map<ServiceName, { fetch(request: Request): Response | Promise<Response> }>();
  const bindings = Object.fromEntries(
    SERVICE_NAMES.map((service) => [
      service,
      {
        fetch: async (request: Request) => {
          const app = apps.get(service);
          return app ? app.fetch(request) : unavailableBinding(service).fetch(request);
        },
      },
    ]),
  ) as Record<ServiceName, ServiceBinding>;
  for (const service of SERVICE_NAMES) {
    options.onProgress?.(`migrating ${service}`);
    await database.migrate({ migrationsFolder: SERVICE_MODULES[service].migrationsFolder, service });
  }
  await database.migrate(EVENTBUS_MIGRATION_TARGET);
  const events: EventRuntime = await startEventRuntime({ config, db: database.db, logger });
  for (const service of SERVICE_NAMES) {
    const module = SERVICE_MODULES[service];
    const deps = {
      db: database.db,
      cache,
      logger: logger.child({ service }),
      identitySecret,
      services: bindings,
      notifyOutbox: events.relays[service].notify,
      // The one process npm start runs: the test-mode adapters (dev mailbox, embedded payments) are its defaults.
      topology: 'embedded' as const,
    };
    apps.set(service, module.createApp({ ...deps, origin: localOrigin(config) }));
    for (const consumer of module.consumers?.(deps) ?? []) await events.startConsumer(consumer);
  }
  const identity = await openIdentity(options, database, bindings.users, identitySecret);
  const gateway = createGateway({
    services: bindings,
    logger: logger.child({ service: 'orchestrator' }),
    identitySecret,
    identity: identity.provider,
    cache,
    partnerRateLimitPerMinute: config.PARTNER_RATE_LIMIT_PER_MINUTE,
    traffic: config,
  });

  return {
    fetch: async (request, connection) => gateway.fetch(request, { clientIp: connection?.clientIp ?? '' }),
    database,
    cache,
    bus: events.bus,
    logger,
    identitySecret,
    services: bindings,
    identityKind: identity.provider.kind,
    seedIdentity: identity.seed,
    close: async () => {
      await events.stop();
      await cache.close();
      await database.close();
    },
  };
}

/**
 * Auth0 when AUTH0_DOMAIN is set; otherwise the embedded issuer, its `identity` schema migrated
 * and its key kept in DATA_DIR (a fresh key per process when the database is in memory or handed in).
 */
async function openIdentity(
  options: PlatformOptions,
  database: DatabaseHandle,
  users: ServiceBinding,
  identitySecret: string,
): Promise<{ provider: IdentityProvider; seed(): Promise<void> }> {
  const { config } = options;
  const auth0 = auth0ConfigOf(config);
  if (auth0) return { provider: createAuth0Provider(auth0), seed: async () => {} };
  const { createEmbeddedIssuer, loadIssuerKey, seedDemoCredentials } = await import(
    '@edu/orchestrator/embedded'
  );
  options.onProgress?.('migrating identity');
  await database.migrate({ migrationsFolder: IDENTITY_MIGRATIONS, service: IDENTITY_MIGRATIONS_NAME });
  const keepsKey = !options.inMemory && !options.database;
  const key = await loadIssuerKey({
    ...(config.ISSUER_PRIVATE_KEY ? { privateJwk: config.ISSUER_PRIVATE_KEY } : {}),
    ...(keepsKey ? { file: join(dataDirOf(config), 'issuer-key.json') } : {}),
  });
  const directory = createUsersDirectory(users, identitySecret);
  const issuer = createEmbeddedIssuer({
    db: database.db,
    key,
    issuer: config.ISSUER_URL ?? localOrigin(config),
    audience: config.ISSUER_AUDIENCE,
    clientId: 'edu-site',
    accessTokenTtlSeconds: config.ACCESS_TOKEN_TTL,
    refreshTokenTtlSeconds: config.REFRESH_TOKEN_TTL,
    loadClaims: (userId) => directory.claims(userId),
  });
  return { provider: issuer, seed: () => seedDemoCredentials(issuer) };
}

/** The origin the platform serves on, which origin-like defaults (token and certificate issuers) follow. */
export function localOrigin(config: EmbeddedConfig): string {
  return `http://localhost:${config.PORT}`;
}

function randomSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

export function dataDirOf(config: EmbeddedConfig): string {
  return resolve(config.DATA_DIR);
}

export const SEED_MARKER = 'seeded';
export const seedMarkerPath = (config: EmbeddedConfig) => join(dataDirOf(config), SEED_MARKER);
