import { describe, expect, spyOn, test } from 'bun:test';
import { ConfigError, loadModuleSettings, type ServiceTopology } from '@edu/platform';
import { paymentProviderFromSettings } from '../src/adapters/payment-provider/from-settings.ts';
import { paymentsModule } from '../src/index.ts';
import worker from '../src/worker.ts';

/** The provider as createApp resolves it: the module's settings read as a runner reads them, then the topology. */
function providerFor(env: Record<string, string>, topology: ServiceTopology) {
  return paymentProviderFromSettings(loadModuleSettings(paymentsModule, env), topology);
}

const stripeEnv = {
  PAYMENT_PROVIDER: 'stripe',
  STRIPE_SECRET_KEY: 'sk_test_51Configured',
  STRIPE_WEBHOOK_SECRET: 'whsec_configured',
  STRIPE_PRICE_MONTHLY: 'price_monthly1',
  STRIPE_PRICE_YEARLY: 'price_yearly1',
  STRIPE_SUCCESS_URL: 'https://learn.example.com/success',
  STRIPE_CANCEL_URL: 'https://learn.example.com/cancel',
};

describe('payment provider configuration', () => {
  test('the embedded test-mode provider is the default in the embedded topology', () => {
    expect(providerFor({}, 'embedded')).toMatchObject({ name: 'embedded', testMode: true });
  });

  test('a standalone service without a real provider fails with one line naming PAYMENT_PROVIDER', () => {
    expect(() => providerFor({}, 'standalone')).toThrow(
      new ConfigError(
        'Invalid setting PAYMENT_PROVIDER: is required outside the embedded topology (stripe), or PAYMENT_PROVIDER=embedded with ALLOW_TEST_MODE=true for test mode (it is not set)',
      ),
    );
    // Naming the test provider is not enough, nor is the opt-in alone.
    expect(() => providerFor({ PAYMENT_PROVIDER: 'embedded' }, 'standalone')).toThrow(
      'Invalid setting PAYMENT_PROVIDER: embedded is test mode, which outside the embedded topology needs ALLOW_TEST_MODE=true (got "embedded")',
    );
    expect(() => providerFor({ ALLOW_TEST_MODE: 'true' }, 'standalone')).toThrow(
      'Invalid setting PAYMENT_PROVIDER: is required',
    );
    expect(() => providerFor({ PAYMENT_PROVIDER: 'embedded', ALLOW_TEST_MODE: 'yes' }, 'standalone')).toThrow(
      'Invalid setting ALLOW_TEST_MODE: must be true or false',
    );
  });

  test('a standalone service runs the test provider when asked for explicitly, and Stripe as configured', () => {
    expect(
      providerFor({ PAYMENT_PROVIDER: 'embedded', ALLOW_TEST_MODE: 'true' }, 'standalone'),
    ).toMatchObject({ name: 'embedded', testMode: true });
    expect(providerFor(stripeEnv, 'standalone')).toMatchObject({ name: 'stripe' });
  });

  test('Stripe with complete settings', () => {
    expect(providerFor(stripeEnv, 'embedded')).toMatchObject({ name: 'stripe', testMode: true });
    expect(providerFor({ ...stripeEnv, STRIPE_SECRET_KEY: 'sk_live_51Real' }, 'embedded').testMode).toBe(
      false,
    );
  });

  test('a wrong or missing setting names the variable, never a secret value', () => {
    const cases: [Record<string, string>, string][] = [
      [{ PAYMENT_PROVIDER: 'paypal' }, 'PAYMENT_PROVIDER'],
      [{ ...stripeEnv, STRIPE_SECRET_KEY: '' }, 'STRIPE_SECRET_KEY'],
      [{ ...stripeEnv, STRIPE_SECRET_KEY: 'pk_test_publishableKeyByMistake' }, 'STRIPE_SECRET_KEY'],
      [{ ...stripeEnv, STRIPE_WEBHOOK_SECRET: 'not-a-whsec-secret' }, 'STRIPE_WEBHOOK_SECRET'],
      [{ ...stripeEnv, STRIPE_PRICE_YEARLY: 'prod_123' }, 'STRIPE_PRICE_YEARLY'],
      [{ ...stripeEnv, STRIPE_SUCCESS_URL: 'ftp://x' }, 'STRIPE_SUCCESS_URL'],
    ];
    for (const [env, variable] of cases) {
      const error = (() => {
        try {
          providerFor(env, 'embedded');
        } catch (caught) {
          return caught;
        }
      })();
      expect(error).toBeInstanceOf(ConfigError);
      expect(String(error)).toContain(variable);
      expect(String(error)).not.toContain('publishableKeyByMistake');
      expect(String(error)).not.toContain('not-a-whsec-secret');
    }
  });
});

describe('the Workers entry', () => {
  const workerEnv = {
    DATABASE_URL: 'postgres://u:p@127.0.0.1:9/db',
    INTERNAL_IDENTITY_SECRET: 'worker-test-identity-secret-0123456789',
  };
  const health = (env: Record<string, string>) =>
    worker.fetch(new Request('http://payments.internal/health'), env, { waitUntil: () => {} });

  test('without PAYMENT_PROVIDER it answers 503 misconfigured and logs the one line', async () => {
    const errors = spyOn(console, 'error').mockImplementation(() => {});
    try {
      const response = await health({ ...workerEnv });
      expect(response.status).toBe(503);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
      expect(((await response.json()) as { detail: string }).detail).toBe('The service is misconfigured');
      const logged = errors.mock.calls.map((call) => String(call[0]));
      expect(logged).toHaveLength(1);
      expect(logged[0]).toContain(
        'Invalid setting PAYMENT_PROVIDER: is required outside the embedded topology',
      );
    } finally {
      errors.mockRestore();
    }
  });

  test('with the explicit test-mode opt-in it serves', async () => {
    const response = await health({ ...workerEnv, PAYMENT_PROVIDER: 'embedded', ALLOW_TEST_MODE: 'true' });
    expect(response.status).toBe(200);
  });

  test('a wrong Stripe setting answers 503 and logs the variable name, not the secret', async () => {
    const errors = spyOn(console, 'error').mockImplementation(() => {});
    try {
      const env = {
        ...stripeEnv,
        STRIPE_WEBHOOK_SECRET: 'plainWebhookSecretValue',
        DATABASE_URL: 'postgres://u:p@127.0.0.1:9/db',
        INTERNAL_IDENTITY_SECRET: 'worker-test-identity-secret-0123456789',
      };
      const response = await worker.fetch(new Request('http://payments.internal/health'), env, {
        waitUntil: () => {},
      });
      expect(response.status).toBe(503);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
      const logged = errors.mock.calls.map((call) => String(call[0])).join('\n');
      expect(logged).toContain('STRIPE_WEBHOOK_SECRET');
      expect(logged).not.toContain('plainWebhookSecretValue');
    } finally {
      errors.mockRestore();
    }
  });
});
