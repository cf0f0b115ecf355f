import { afterAll, beforeAll, describe, expect, spyOn, test } from 'bun:test';
import { ConfigError, loadModuleSettings } from '@edu/platform';
import { type ModuleUnderTest, openTestDatabase, startModuleUnderTest } from '@edu/platform/testing';
import { createNotificationsRuntime } from '../src/adapters/runtime.ts';
import { notificationsModule } from '../src/index.ts';
import type { NotificationsSettings } from '../src/settings.ts';
import worker from '../src/worker.ts';
import { notificationsConfig, SERVICE_TEST_TIMEOUT_MS } from './support.ts';

const TEST_MODE = { MAIL_TRANSPORT: 'dev', ALLOW_TEST_MODE: 'true' };

describe('the dev mailbox outside the embedded topology', () => {
  test('a standalone service without a mail transport fails with one line naming MAIL_TRANSPORT', () => {
    expect(() => notificationsConfig({}, 'standalone')).toThrow(
      new ConfigError(
        'Invalid setting MAIL_TRANSPORT: is required outside the embedded topology (smtp or resend), or MAIL_TRANSPORT=dev with ALLOW_TEST_MODE=true for test mode (it is not set)',
      ),
    );
    expect(() => notificationsConfig({ MAIL_TRANSPORT: 'dev' }, 'standalone')).toThrow(
      'Invalid setting MAIL_TRANSPORT: dev is test mode, which outside the embedded topology needs ALLOW_TEST_MODE=true (got "dev")',
    );
    expect(() => notificationsConfig({ ALLOW_TEST_MODE: 'true' }, 'standalone')).toThrow(
      'Invalid setting MAIL_TRANSPORT: is required',
    );
  });

  test('a service whose deps do not say where it runs is standalone', async () => {
    const database = await openTestDatabase();
    try {
      const settings = loadModuleSettings(notificationsModule, {});
      expect(() => createNotificationsRuntime({ db: database.db, settings })).toThrow(
        'Invalid setting MAIL_TRANSPORT: is required',
      );
    } finally {
      await database.close();
    }
  });

  test('explicit test mode and real transports load', () => {
    expect(notificationsConfig(TEST_MODE, 'standalone').MAIL_TRANSPORT).toBe('dev');
    expect(
      notificationsConfig({ MAIL_TRANSPORT: 'resend', RESEND_API_KEY: 're_key' }, 'standalone')
        .MAIL_TRANSPORT,
    ).toBe('resend');
  });

  describe('routes', () => {
    let embedded: ModuleUnderTest<NotificationsSettings>;
    let standalone: ModuleUnderTest<NotificationsSettings>;
    beforeAll(async () => {
      embedded = await startModuleUnderTest(notificationsModule);
      standalone = await startModuleUnderTest(notificationsModule, {
        topology: 'standalone',
        env: TEST_MODE,
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
