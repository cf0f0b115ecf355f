import type { z } from 'zod';
import { loadConfig } from './config.ts';
import type { ServiceDeps } from './deps.ts';
import type { ServiceConsumer } from './events/consumer.ts';

/** An app a runner can serve: Hono's `fetch`, with the runner's per-request values as `env`. */
export interface FetchableApp {
  fetch(request: Request, env?: RequestEnv): Response | Promise<Response>;
}

/** What a runner tells an app about a request beyond the request itself. */
export interface RequestEnv {
  /** The address of the client's socket (rate limits), when the runner knows it. */
  clientIp?: string;
}

/** A service's dependencies together with its own settings, parsed once by the runner. */
export interface ModuleDeps<Settings> extends ServiceDeps {
  settings: Settings;
}

/**
 * Work a service does on a period (mail deliveries, webhook retries). A runner runs each job
 * once per `everyMs` and never two rounds of one job at once; `signal` aborts when it stops.
 */
export interface ScheduledJob {
  name: string;
  everyMs: number;
  run(signal: AbortSignal): Promise<void>;
}

/** One open socket, as an endpoint's session sees it, whatever server holds it. */
export interface SocketConnection {
  send(text: string): void;
  close(code?: number, reason?: string): void;
}

/** What happens on one accepted socket; the runner calls `open` once and `closed` once. */
export interface SocketSession {
  open(connection: SocketConnection): void;
  closed(): void;
}

/**
 * A long-lived endpoint (the realtime WebSocket): a runner that serves sockets upgrades
 * requests for `path`, asking `accept` first; a refusal is the Response to answer instead.
 */
export interface SocketEndpoint {
  path: string;
  accept(request: Request): Promise<SocketSession | Response>;
}

/**
 * Everything a runner needs of a service, and nothing else: the embedded runner (all modules
 * in one process), the Workers entry (`createServiceWorker`) and the one-service process runner
 * consume only this. Exported from `services/<name>/src/index.ts`, the package's only entry.
 */
export interface ServiceModule<Settings = unknown> {
  /** `users`, `courses`, …, or `orchestrator`: names its schema, logs and binding. */
  name: string;
  /** The gateway is the front door every runner serves; services sit behind it. */
  kind: 'gateway' | 'service';
  /** Its own settings (zod); runners parse them once from the environment and hand them in `deps`. */
  settings: z.ZodObject;
  /**
   * Its migrations: the folder drizzle-kit writes them to, and the schema they create (its
   * tables' only home), whose name is also the journal's (`drizzle.__migrations_<schema>`).
   */
  migrations: { folder: string; schema: string };
  createApp(deps: ModuleDeps<Settings>): FetchableApp | Promise<FetchableApp>;
  /** What it consumes from the event bus: one running consumer per entry. */
  consumers?(deps: ModuleDeps<Settings>): ServiceConsumer[];
  /** Periodic work (needs a long-running runner or a cron trigger). */
  jobs?(deps: ModuleDeps<Settings>): ScheduledJob[];
  /** Long-lived endpoints the runner serves beside `fetch`. */
  sockets?(deps: ModuleDeps<Settings>): SocketEndpoint[];
  /** Loads its part of the demo data (embedded identity only); must be idempotent. */
  seed?(deps: ModuleDeps<Settings>): Promise<void>;
  /** Releases what its adapters hold (mail pools, hub connections) when the runner stops. */
  close?(deps: ModuleDeps<Settings>): Promise<void>;
}

/**
 * Declares a service module with its settings' type inferred from its schema.
 *
 * @example
 * export const usersModule = defineServiceModule({
 *   name: 'users', kind: 'service', settings: UsersSettings, migrations: { folder: MIGRATIONS_FOLDER, schema: 'users' },
 *   createApp: (deps) => createApp(deps),
 * });
 */
export function defineServiceModule<Schema extends z.ZodObject>(
  module: Omit<ServiceModule<z.infer<Schema>>, 'settings'> & { settings: Schema },
): ServiceModule<z.infer<Schema>> {
  return module as ServiceModule<z.infer<Schema>>;
}

/** A module's settings from `env`, the way every runner reads them; a wrong one throws a ConfigError naming it. */
export function loadModuleSettings<Settings>(
  module: ServiceModule<Settings>,
  env: Record<string, string | undefined>,
): Settings {
  // The schema is the module's own, so what it parses is the module's settings type.
  return loadConfig(module.settings, env) as Settings;
}

/**
 * The `migrations` folder beside the `src/` folder of the module at `moduleUrl` (pass
 * `import.meta.url` from `src/index.ts`). Empty where modules have no file URL (Workers), which
 * never migrate: migrations run from a runner that has the files.
 */
export function migrationsFolderBeside(moduleUrl: string): string {
  try {
    return new URL('../migrations', moduleUrl).pathname;
  } catch {
    return '';
  }
}
