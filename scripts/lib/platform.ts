import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { SERVICE_NAMES, type ServiceName } from '@edu/contracts';
import {
  createLogger,
  type FetchableApp,
  type Logger,
  loadConfig,
  loadModuleSettings,
  type ModuleDeps,
  PlatformSettings,
  portSetting,
  type ScheduledJob,
  type ServiceBinding,
  type ServiceModule,
  type SocketEndpoint,
  unavailableBinding,
} from '@edu/platform';
import { type Cache, createMemoryCache } from '@edu/platform/cache';
import type { DatabaseHandle } from '@edu/platform/db';
import type { EventBus } from '@edu/platform/events';
import { EVENTBUS_MIGRATION_TARGET } from '@edu/platform/events/migrations';
import { startEventRuntime } from '@edu/platform/runner';
import { z } from 'zod';
import { MODULES } from './modules.ts';

/** Settings of the embedded runner itself; each module reads its own from the same environment. */
export const EmbeddedSettings = PlatformSettings.extend({
  PORT: portSetting(8787),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().min(1).default('.data'),
});
export type EmbeddedConfig = z.infer<typeof EmbeddedSettings>;

type Env = Record<string, string | undefined>;

export interface Platform {
  /** The gateway: the only way in, as over HTTP. `clientIp` is the socket's address (rate limits). */
  fetch(request: Request, connection?: { clientIp?: string }): Promise<Response>;
  config: EmbeddedConfig;
  database: DatabaseHandle;
  cache: Cache;
  /** The event bus: the Postgres log in `database`, or Kafka when KAFKA_BROKERS is set. */
  bus: EventBus;
  logger: Logger;
  identitySecret: string;
  /** Each service's binding, as the gateway and the other services reach it. */
  services: Record<ServiceName, ServiceBinding>;
  /** Which identity provider the gateway uses; demo accounts exist only with `embedded`. */
  identityKind: 'embedded' | 'auth0';
  /** Every module's periodic work; `npm start` runs it (startJobs), tests run it when they need it. */
  jobs: ScheduledJob[];
  /** Every module's long-lived endpoints (the realtime WebSocket), for the server to upgrade. */
  sockets: SocketEndpoint[];
  /** Loads each module's part of the demo data (idempotent). */
  seed(onProgress?: (message: string) => void): Promise<void>;
  close(): Promise<void>;
}

export interface PlatformOptions {
  /** The environment every setting is read from (process.env for npm start; tests give their own). */
  env: Env;
  /** Keep PGlite in memory instead of under DATA_DIR (tests). */
  inMemory?: boolean;
  logger?: Logger;
  /** An already open database (tests hand in a fresh one); otherwise opened from the settings. */
  database?: DatabaseHandle;
  /** Report progress of long steps (migrations) to a person. */
  onProgress?: (message: string) => void;
}

/** The embedded runner's settings from `env`; a wrong one throws a ConfigError naming it. */
export function embeddedConfig(env: Env): EmbeddedConfig {
  return loadConfig(EmbeddedSettings, env);
}

/** Opens the configured database: a PostgreSQL server, or PGlite on disk (or in memory). */
export async function openDatabase(config: EmbeddedConfig, inMemory = false): Promise<DatabaseHandle> {
  if (config.DATABASE_URL) {
    const { openPostgres } = await import('@edu/platform/db/postgres');
    return openPostgres(config.DATABASE_URL);
  }
  const { openPglite } = await import('@edu/platform/db/pglite');
  if (inMemory) return openPglite();
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
 * What the modules read besides what is set: the origin the platform serves on (so links,
 * token and certificate issuers name it), and where files may be kept between starts.
 */
function moduleEnv(options: PlatformOptions, config: EmbeddedConfig): Env {
  const keepsFiles = !options.inMemory && !options.database;
  // A blank variable counts as unset (as loadConfig reads it), so it must not hide these defaults.
  const given = Object.entries(options.env).filter(([, value]) => value !== undefined && value.trim() !== '');
  return {
    PUBLIC_URL: localOrigin(config),
    ...(keepsFiles ? { DATA_DIR: dataDirOf(config) } : {}),
    ...Object.fromEntries(given),
  };
}

/**
 * Builds the whole platform in this process from the modules: one database (PGlite or a
 * server), each module migrated and created as its own app, reachable only through its binding.
 */
export async function createPlatform(options: PlatformOptions): Promise<Platform> {
  const config = embeddedConfig(options.env);
  const env = moduleEnv(options, config);
  // Parsed before anything starts, so a wrong setting of any module stops the start with its name.
  const settings = new Map(MODULES.map((module) => [module, loadModuleSettings(module, env)]));
  const logger = options.logger ?? createLogger({ level: config.LOG_LEVEL });
  const database = options.database ?? (await openDatabase(config, options.inMemory === true));
  const cache = await openCache(config);

  // In one process the secret never leaves memory, so a fresh random one per start is enough.
  const identitySecret = config.INTERNAL_IDENTITY_SECRET ?? randomSecret();
  // Bindings look their app up at call time, so services may call each other whatever their start order.
  const apps = new Map<string, FetchableApp>();
  const services = Object.fromEntries(
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
  for (const module of MODULES) {
    options.onProgress?.(`migrating ${module.name}`);
    await database.migrate({ migrationsFolder: module.migrations.folder, service: module.migrations.schema });
  }
  await database.migrate(EVENTBUS_MIGRATION_TARGET);
  const serviceModules = MODULES.filter((module) => module.kind === 'service');
  const events = await startEventRuntime({
    config,
    db: database.db,
    logger,
    services: serviceModules.map((module) => module.migrations.schema),
  });

  const depsOf = new Map<ServiceModule, ModuleDeps<unknown>>();
  for (const module of MODULES) {
    const deps: ModuleDeps<unknown> = {
      db: database.db,
      cache,
      logger: logger.child({ service: module.name }),
      identitySecret,
      services,
      ...(events.relays.has(module.name) ? { notifyOutbox: events.relays.get(module.name)?.notify } : {}),
      // The one process npm start runs: the test-mode adapters (dev mailbox, embedded payments) are its defaults.
      topology: 'embedded',
      settings: settings.get(module),
    };
    depsOf.set(module, deps);
    apps.set(module.name, await module.createApp(deps));
    for (const consumer of module.consumers?.(deps) ?? []) await events.startConsumer(consumer);
  }
  const gateway = apps.get(MODULES.find((module) => module.kind === 'gateway')?.name ?? '');
  if (!gateway) throw new Error('No gateway module: the platform needs one front door');
  const everyModule = [...depsOf.entries()];

  return {
    fetch: async (request, connection) => gateway.fetch(request, { clientIp: connection?.clientIp ?? '' }),
    config,
    database,
    cache,
    bus: events.bus,
    logger,
    identitySecret,
    services,
    // The demo accounts (and their partner client) exist only with the embedded issuer (docs/API.md).
    identityKind: env.AUTH0_DOMAIN?.trim() ? 'auth0' : 'embedded',
    jobs: everyModule.flatMap(([module, deps]) => module.jobs?.(deps) ?? []),
    sockets: everyModule.flatMap(([module, deps]) => module.sockets?.(deps) ?? []),
    seed: async (onProgress = () => {}) => {
      for (const [module, deps] of everyModule) {
        if (!module.seed) continue;
        onProgress(`seeding ${module.name}`);
        await module.seed(deps);
      }
    },
    close: async () => {
      await events.stop();
      for (const [module, deps] of everyModule) await module.close?.(deps);
      await cache.close();
      await database.close();
    },
  };
}

/** The origin the platform serves on, which origin-like defaults (token and certificate issuers) follow. */
function localOrigin(config: EmbeddedConfig): string {
  return `http://localhost:${config.PORT}`;
}

function randomSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

export function dataDirOf(config: EmbeddedConfig): string {
  return resolve(config.DATA_DIR);
}

const SEED_MARKER = 'seeded';
export const seedMarkerPath = (config: EmbeddedConfig) => join(dataDirOf(config), SEED_MARKER);
