import { afterAll, beforeAll, describe, expect, spyOn, test } from 'bun:test';
import { ConfigError } from '@edu/platform';
import { openTestDatabase, type ServiceUnderTest, startServiceUnderTest } from '@edu/platform/testing';
import { createApp, SERVICE_NAME } from '../src/app.ts';
import { loadNotificationsConfig } from '../src/config.ts';
import { MIGRATIONS_FOLDER } from '../src/migrations.ts';
import { createNotificationsRuntime } from '../src/runtime.ts';
import worker from '../src/worker.ts';
import { SERVICE_TEST_TIMEOUT_MS } from './helpers.ts';

const TEST_MODE = { MAIL_TRANSPORT: 'dev', ALLOW_TEST_MODE: 'true' };

describe('the dev mailbox outside the embedded topology', () => {
  test('a standalone service without a mail transport fails with one line naming MAIL_TRANSPORT', () => {
    expect(() => loadNotificationsConfig({}, 'standalone')).toThrow(
      new ConfigError(
        'Invalid setting MAIL_TRANSPORT: is required outside the embedded topology (smtp or resend), or MAIL_TRANSPORT=dev with ALLOW_TEST_MODE=true for test mode (it is not set)',
      ),
    );
    expect(() => loadNotificationsConfig({ MAIL_TRANSPORT: 'dev' }, 'standalone')).toThrow(
      'Invalid setting MAIL_TRANSPORT: dev is test mode, which outside the embedded topology needs ALLOW_TEST_MODE=true (got "dev")',
    );
    expect(() => loadNotificationsConfig({ ALLOW_TEST_MODE: 'true' }, 'standalone')).toThrow(
      'Invalid setting MAIL_TRANSPORT: is required',
    );
  });

  test('a service whose deps do not say where it runs is standalone', async () => {
    const previous = process.env.MAIL_TRANSPORT;
    delete process.env.MAIL_TRANSPORT;
    const database = await openTestDatabase();
    try {
      expect(() => createNotificationsRuntime({ db: database.db })).toThrow(
        'Invalid setting MAIL_TRANSPORT: is required',
      );
    } finally {
      await database.close();
      if (previous !== undefined) process.env.MAIL_TRANSPORT = previous;
    }
  });

  test('explicit test mode and real transports load', () => {
    expect(loadNotificationsConfig(TEST_MODE, 'standalone').MAIL_TRANSPORT).toBe('dev');
    expect(
      loadNotificationsConfig({ MAIL_TRANSPORT: 'resend', RESEND_API_KEY: 're_key' }, 'standalone')
        .MAIL_TRANSPORT,
    ).toBe('resend');
  });

  describe('routes', () => {
    let embedded: ServiceUnderTest<ReturnType<typeof createApp>>;
    let standalone: ServiceUnderTest<ReturnType<typeof createApp>>;
    beforeAll(async () => {
      embedded = await startServiceUnderTest({
        service: SERVICE_NAME,
        migrationsFolder: MIGRATIONS_FOLDER,
        createApp: (deps) =>
          createApp(
            deps,
            createNotificationsRuntime(deps, { config: loadNotificationsConfig({}, 'embedded') }),
          ),
      });
      standalone = await startServiceUnderTest({
        service: SERVICE_NAME,
        migrationsFolder: MIGRATIONS_FOLDER,
        createApp: (deps) => {
          const standaloneDeps = { ...deps, topology: 'standalone' as const };
          const config = loadNotificationsConfig(TEST_MODE, 'standalone');
          return createApp(standaloneDeps, createNotificationsRuntime(standaloneDeps, { config }));
        },
      });
    }, SERVICE_TEST_TIMEOUT_MS);
    afterAll(async () => {
      await embedded?.close();
      await standalone?.close();
    });

    const DEV_PATHS = [
      '/api/v1/notifications/dev/mailbox',
      '/api/v1/notifications/dev/mailbox.html',
      '/api/v1/notifications/dev/mail-templates/welcome',
    ];

    test('embedded: the dev mailbox answers', async () => {
      const response = await embedded.app.request('/api/v1/notifications/dev/mailbox');
      expect(response.status).toBe(200);
    });

    test.each(DEV_PATHS)('standalone, even in explicit test mode: %s is 404', async (path) => {
      const response = await standalone.app.request(path);
      expect(response.status).toBe(404);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
    });
  });
});

describe('the Workers entry', () => {
  const workerEnv = {
    DATABASE_URL: 'postgres://u:p@127.0.0.1:9/db',
    INTERNAL_IDENTITY_SECRET: 'worker-test-identity-secret-0123456789',
  };
  const fetchWorker = (path: string, env: Record<string, string>) =>
    worker.fetch(new Request(`http://notifications.internal${path}`), env, { waitUntil: () => {} });

  test('without MAIL_TRANSPORT it answers 503 misconfigured and logs the one line', async () => {
    const errors = spyOn(console, 'error').mockImplementation(() => {});
    try {
      const response = await fetchWorker('/health', workerEnv);
      expect(response.status).toBe(503);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
      expect(((await response.json()) as { detail: string }).detail).toBe('The service is misconfigured');
      const logged = errors.mock.calls.map((call) => String(call[0]));
      expect(logged).toHaveLength(1);
      expect(logged[0]).toContain(
        'Invalid setting MAIL_TRANSPORT: is required outside the embedded topology',
      );
    } finally {
      errors.mockRestore();
    }
  });

  test('with the explicit test-mode opt-in it serves, without the dev mailbox', async () => {
    const env = { ...workerEnv, ...TEST_MODE };
    expect((await fetchWorker('/health', env)).status).toBe(200);
    expect((await fetchWorker('/api/v1/notifications/dev/mailbox', env)).status).toBe(404);
  });
});
