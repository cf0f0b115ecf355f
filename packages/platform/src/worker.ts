import { BINDING_NAME_OF, SERVICE_NAMES, type ServiceName } from '@edu/contracts';
import { z } from 'zod';
import { type ServiceBinding, unavailableBinding } from './bindings.ts';
import { createMemoryCache } from './cache/memory.ts';
import { createUpstashCache } from './cache/upstash.ts';
import { ConfigError, loadConfig, PlatformSettings } from './config.ts';
import { openNeon } from './db/neon.ts';
import { requestScopedDatabase } from './db/request-scope.ts';
import { problemResponse } from './http/errors.ts';
import { createLogger } from './logger.ts';
import { type FetchableApp, loadModuleSettings, type ServiceModule } from './module.ts';

/** The part of Workers' ExecutionContext we use. */
export interface WorkerContext {
  waitUntil(promise: Promise<unknown>): void;
}

export const WorkerSettings = PlatformSettings.extend({
  INTERNAL_IDENTITY_SECRET: z.string().min(32, 'must be at least 32 characters'),
});

/** One isolate's app for one set of bindings, or the setting that keeps it from starting. */
type Instance = { app: FetchableApp; databaseUrl: string | undefined } | { misconfigured: string };

/**
 * The Cloudflare Workers entry of any module (the gateway and every service): validates the
 * bindings with zod (the platform's settings, then the module's own), builds the module's app
 * once per isolate, and serves each request with a Neon pool of its own, since Workers forbid
 * sharing I/O objects between requests (the app's `db` is that request's pool). A wrong or
 * missing setting answers 503 'misconfigured' and logs the one line naming it.
 *
 * @example
 * // services/users/src/worker.ts
 * export default createServiceWorker(usersModule);
 */
export function createServiceWorker(module: ServiceModule) {
  // Safe across requests: per bindings object, the app (settings, bindings and in-memory or
  // fetch-based caches: plain data, no I/O object), or the configuration error.
  const instances = new WeakMap<object, Promise<Instance>>();
  const database = requestScopedDatabase(
    `The ${module.name} worker has no DATABASE_URL: set it (Neon) to use the database`,
  );

  async function build(env: Record<string, unknown>): Promise<Instance> {
    const settings = stringBindings(env);
    try {
      const config = loadConfig(WorkerSettings, settings);
      const app = await module.createApp({
        db: database.db,
        cache:
          config.UPSTASH_REDIS_REST_URL && config.UPSTASH_REDIS_REST_TOKEN
            ? createUpstashCache({
                url: config.UPSTASH_REDIS_REST_URL,
                token: config.UPSTASH_REDIS_REST_TOKEN,
              })
            : createMemoryCache({ maxEntries: 5_000 }),
        logger: createLogger({ level: config.LOG_LEVEL, bindings: { service: module.name } }),
        identitySecret: config.INTERNAL_IDENTITY_SECRET,
        services: serviceBindings(env),
        topology: 'standalone',
        settings: loadModuleSettings(module, settings),
      });
      return { app, databaseUrl: config.DATABASE_URL };
    } catch (error) {
      if (error instanceof ConfigError) return { misconfigured: error.message };
      throw error;
    }
  }

  return {
    async fetch(request: Request, env: Record<string, unknown>, context?: WorkerContext): Promise<Response> {
      let instance = instances.get(env);
      if (!instance) {
        instance = build(env);
        instances.set(env, instance);
      }
      const ready = await instance;
      if ('misconfigured' in ready) {
        console.error(JSON.stringify({ level: 'error', msg: ready.misconfigured, service: module.name }));
        return problemResponse('unavailable', 'The service is misconfigured');
      }
      // Cloudflare sets cf-connecting-ip itself; a client cannot choose it.
      const requestEnv = { clientIp: request.headers.get('cf-connecting-ip') ?? '' };
      if (!ready.databaseUrl) return ready.app.fetch(request, requestEnv);
      const pool = openNeon(ready.databaseUrl);
      try {
        return await database.run(pool.db, () => ready.app.fetch(request, requestEnv));
      } finally {
        // After the response is sent; where there is no context (tests), at once.
        if (context) context.waitUntil(pool.close());
        else await pool.close();
      }
    },
  };
}

/** Service bindings named after the services (USERS, COURSES, ...) in wrangler.toml; absent ones answer 503. */
function serviceBindings(env: Record<string, unknown>): Record<ServiceName, ServiceBinding> {
  return Object.fromEntries(
    SERVICE_NAMES.map((service) => {
      const binding = env[BINDING_NAME_OF[service]];
      const usable =
        typeof binding === 'object' &&
        binding !== null &&
        'fetch' in binding &&
        typeof binding.fetch === 'function';
      return [service, usable ? (binding as ServiceBinding) : unavailableBinding(service)];
    }),
  ) as Record<ServiceName, ServiceBinding>;
}

/** Workers bindings mix strings (vars, secrets) with objects (services, KV); settings are the strings. */
function stringBindings(env: Record<string, unknown>): Record<string, string> {
  const settings: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) if (typeof value === 'string') settings[key] = value;
  return settings;
}
