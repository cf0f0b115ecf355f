/**
 * Helpers for the test suites (bun test). Tests run against in-memory PGlite by default and
 * against a real PostgreSQL server when TEST_DATABASE_URL is set (scripts/test.ts does both).
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { SERVICE_NAMES, type ServiceName } from '@edu/contracts';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { type ServiceBinding, unavailableBinding } from './bindings.ts';
import { createMemoryCache } from './cache/memory.ts';
import { type DatabaseHandle, queryRows } from './db/index.ts';
import type { ServiceDeps } from './deps.ts';
import { type Identity, signIdentity } from './http/identity.ts';
import { createLogger, type Logger } from './logger.ts';
import {
  loadModuleSettings,
  type FetchableApp as ModuleApp,
  type ModuleDeps,
  type ServiceModule,
} from './module.ts';

/** The internal identity secret service tests sign with. */
export const TEST_IDENTITY_SECRET = 'test-identity-secret-0123456789abcdef';

/**
 * Headers that make a service see `identity` as the gateway-verified caller.
 *
 * @example
 * await app.request('/api/v1/courses', { headers: await asCaller({ sub: 'u1', roles: ['user', 'instructor'] }) });
 */
export function asCaller(identity: {
  sub: string;
  roles: Identity['roles'];
  kind?: Identity['kind'];
  scopes?: string[];
}) {
  return signIdentity(
    {
      kind: identity.kind ?? 'user',
      sub: identity.sub,
      roles: identity.roles,
      scopes: identity.scopes ?? [],
    },
    TEST_IDENTITY_SECRET,
  );
}

export const silentLogger: Logger = createLogger({ level: 'silent' });

/** A fresh, empty database: in-memory PGlite, or a new database on the TEST_DATABASE_URL server. */
export async function openTestDatabase(): Promise<DatabaseHandle> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    const { openPglite } = await import('./db/pglite.ts');
    return openPglite();
  }
  const { openPostgres } = await import('./db/postgres.ts');
  const name = `test_${crypto.randomUUID().replaceAll('-', '')}`;
  await adminQuery(serverUrl, `create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const handle = openPostgres(url.toString(), { maxConnections: 20 });
  return {
    ...handle,
    close: async () => {
      await handle.close();
      await adminQuery(serverUrl, `drop database if exists ${name} with (force)`);
    },
  };
}

async function adminQuery(serverUrl: string, sql: string) {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export interface ModuleUnderTest<Settings> {
  /** The module's app; `request` takes a path, as Hono's does, for in-process calls. */
  app: {
    fetch(request: Request): Promise<Response>;
    request(input: string, init?: RequestInit): Promise<Response>;
  };
  deps: ModuleDeps<Settings>;
  database: DatabaseHandle;
  close(): Promise<void>;
}

/**
 * Migrates a fresh test database for one module and builds its app as a runner would: its
 * settings parsed from `env` (nothing from the process environment), in the embedded topology.
 *
 * @example
 * const subject = await startModuleUnderTest(coursesModule, { services: { progress: inProcessBinding(progressApp) } });
 * const response = await subject.app.request('/api/v1/courses');
 */
export async function startModuleUnderTest<Settings>(
  module: ServiceModule<Settings>,
  options: {
    env?: Record<string, string>;
    /** Other services this one calls (real apps via inProcessBinding); the rest answer 503. */
    services?: Partial<Record<ServiceName, ServiceBinding>>;
    /** Defaults to `embedded`, as npm start runs it; tests of the standalone rules say `standalone`. */
    topology?: ServiceDeps['topology'];
    database?: DatabaseHandle;
    /** Another cache than a fresh in-memory one (a bench measuring without it, say). */
    cache?: ServiceDeps['cache'];
  } = {},
): Promise<ModuleUnderTest<Settings>> {
  const database = options.database ?? (await openTestDatabase());
  await database.migrate({ migrationsFolder: module.migrations.folder, service: module.migrations.schema });
  const deps: ModuleDeps<Settings> = {
    db: database.db,
    cache: options.cache ?? createMemoryCache(),
    logger: silentLogger,
    identitySecret: TEST_IDENTITY_SECRET,
    services: Object.fromEntries(
      SERVICE_NAMES.map((name) => [name, options.services?.[name] ?? unavailableBinding(name)]),
    ) as Record<ServiceName, ServiceBinding>,
    topology: options.topology ?? 'embedded',
    settings: loadModuleSettings(module, options.env ?? {}),
  };
  const app: ModuleApp = await module.createApp(deps);
  return {
    app: {
      fetch: async (request) => app.fetch(request),
      request: async (input, init) => app.fetch(new Request(new URL(input, 'http://localhost'), init)),
    },
    deps,
    database,
    close: () => database.close(),
  };
}

/**
 * The conventions every module shares, run once per module: health, errors, request ids, and
 * migrations that keep to the module's own schema (with an outbox for services).
 *
 * @example
 * describeServiceConventions(coursesModule);
 */
export function describeServiceConventions<Settings>(module: ServiceModule<Settings>) {
  describe(`${module.name} conventions`, () => {
    let subject: ModuleUnderTest<Settings>;
    beforeAll(async () => {
      subject = await startModuleUnderTest(module);
    });
    afterAll(async () => {
      await subject.close();
    });

    test('GET /health answers ok with the module name', async () => {
      const response = await subject.app.request('/health');
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ status: 'ok', service: module.name });
    });

    test('an unknown route is a 404 problem+json', async () => {
      const response = await subject.app.request('/no-such-route');
      expect(response.status).toBe(404);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
      const problem = (await response.json()) as Record<string, unknown>;
      expect(problem).toMatchObject({ status: 404, title: 'Not Found', instance: '/no-such-route' });
      expect(typeof problem.type).toBe('string');
      expect(typeof problem.detail).toBe('string');
    });

    test('X-Request-Id is echoed when given and minted when not', async () => {
      const echoed = await subject.app.request('/health', { headers: { 'X-Request-Id': 'req-123' } });
      expect(echoed.headers.get('x-request-id')).toBe('req-123');
      const minted = await subject.app.request('/no-such-route');
      expect(minted.headers.get('x-request-id')).toMatch(/^[\w-]{8,}$/);
    });

    test('its tables live in its own schema, and re-applying migrations changes nothing', async () => {
      const { folder, schema } = module.migrations;
      await subject.database.migrate({ migrationsFolder: folder, service: schema });
      const rows = await queryRows<{ table_schema: string; table_name: string }>(
        subject.database.db,
        sql`select table_schema, table_name from information_schema.tables
            where table_schema not in ('drizzle', 'information_schema', 'pg_catalog')`,
      );
      expect(rows.filter((row) => row.table_schema !== schema)).toEqual([]);
      if (module.kind === 'service') expect(rows.map((row) => row.table_name)).toContain('outbox');
    });
  });
}
