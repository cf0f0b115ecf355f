import { BINDING_NAME_OF, SERVICE_NAMES, type ServiceName } from '@edu/contracts';
import { z } from 'zod';
import { type ServiceBinding, unavailableBinding } from './bindings.ts';
import { createMemoryCache } from './cache/memory.ts';
import { createUpstashCache } from './cache/upstash.ts';
import { ConfigError, loadConfig, PlatformSettings, urlSetting } from './config.ts';
import { openNeon } from './db/neon.ts';
import type { ServiceDeps } from './deps.ts';
import { problemResponse } from './http/errors.ts';
import { createLogger } from './logger.ts';

/** The part of Workers' ExecutionContext we use. */
export interface WorkerContext {
  waitUntil(promise: Promise<unknown>): void;
}

export const WorkerSettings = PlatformSettings.extend({
  DATABASE_URL: urlSetting(['postgres', 'postgresql']),
  INTERNAL_IDENTITY_SECRET: z.string().min(32, 'must be at least 32 characters'),
});

interface FetchableApp {
  fetch(request: Request): Response | Promise<Response>;
}

/**
 * The Cloudflare Workers entry of a domain service: validates the bindings with zod, then
 * serves each request with a Neon pool of its own (Workers forbid sharing I/O objects
 * between requests, so neither the pool nor the app holding it can be module state).
 * `createApp` gets the string bindings too (the service's own settings); a ConfigError it
 * throws answers 503 'misconfigured' with the one line logged, like a bad WorkerSettings.
 */
export function createServiceWorker(options: {
  service: string;
  createApp: (deps: ServiceDeps, settings: Record<string, string>) => FetchableApp;
}) {
  // Safe across requests: a pure in-isolate cache used only when Upstash is not configured.
  const isolateCache = createMemoryCache({ maxEntries: 5_000 });
  return {
    async fetch(request: Request, env: Record<string, unknown>, context: WorkerContext): Promise<Response> {
      const settings = stringBindings(env);
      let config: z.infer<typeof WorkerSettings>;
      try {
        config = loadConfig(WorkerSettings, settings);
      } catch (error) {
        return misconfigured(options.service, error);
      }
      const database = openNeon(config.DATABASE_URL);
      const cache =
        config.UPSTASH_REDIS_REST_URL && config.UPSTASH_REDIS_REST_TOKEN
          ? createUpstashCache({ url: config.UPSTASH_REDIS_REST_URL, token: config.UPSTASH_REDIS_REST_TOKEN })
          : isolateCache;
      const logger = createLogger({ level: config.LOG_LEVEL, bindings: { service: options.service } });
      try {
        let app: FetchableApp;
        try {
          app = options.createApp(
            {
              db: database.db,
              cache,
              logger,
              identitySecret: config.INTERNAL_IDENTITY_SECRET,
              services: serviceBindings(env),
              topology: 'standalone',
            },
            settings,
          );
        } catch (error) {
          if (error instanceof ConfigError) return misconfigured(options.service, error);
          throw error;
        }
        return await app.fetch(request);
      } finally {
        context.waitUntil(database.close());
      }
    },
  };
}

/** A setting is wrong or missing: the one line for the operator, 503 for the caller. */
function misconfigured(service: string, error: unknown): Response {
  const msg = error instanceof Error ? error.message : String(error);
  console.error(JSON.stringify({ level: 'error', msg, service }));
  return problemResponse('unavailable', 'The service is misconfigured');
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
