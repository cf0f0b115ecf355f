import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { SERVICE_NAMES, type ServiceName } from '@edu/contracts';
import { createApp as createGateway } from '@edu/orchestrator';
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
import { z } from 'zod';
import { SERVICE_MODULES } from './services.ts';

/** Settings of the embedded topology (one process); see the README's configuration table. */
export const EmbeddedSettings = PlatformSettings.extend({
  PORT: portSetting(8787),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().min(1).default('.data'),
});
export type EmbeddedConfig = z.infer<typeof EmbeddedSettings>;

export interface Platform {
  /** The gateway: the only way in, as over HTTP. */
  fetch(request: Request): Promise<Response>;
  database: DatabaseHandle;
  cache: Cache;
  logger: Logger;
  identitySecret: string;
  /** Each service's binding, as the gateway and the other services reach it. */
  services: Record<ServiceName, ServiceBinding>;
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

async function openDatabase(options: PlatformOptions): Promise<DatabaseHandle> {
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
    const module = SERVICE_MODULES[service];
    options.onProgress?.(`migrating ${service}`);
    await database.migrate({ migrationsFolder: module.migrationsFolder, service });
    const app = module.createApp({
      db: database.db,
      cache,
      logger: logger.child({ service }),
      identitySecret,
      services: bindings,
    });
    apps.set(service, app);
  }
  const gateway = createGateway({
    services: bindings,
    logger: logger.child({ service: 'orchestrator' }),
    identitySecret,
  });

  return {
    fetch: async (request) => gateway.fetch(request),
    database,
    cache,
    logger,
    identitySecret,
    services: bindings,
    close: async () => {
      await cache.close();
      await database.close();
    },
  };
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
