import { describe, expect, spyOn, test } from 'bun:test';
import { ConfigError } from '@edu/platform';
import { paymentProviderFromEnv } from '../src/config.ts';
import worker from '../src/worker.ts';

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
  test('the embedded test-mode provider is the default', () => {
    expect(paymentProviderFromEnv({})).toMatchObject({ name: 'embedded', testMode: true });
  });

  test('Stripe with complete settings', () => {
    expect(paymentProviderFromEnv(stripeEnv)).toMatchObject({ name: 'stripe', testMode: true });
    expect(paymentProviderFromEnv({ ...stripeEnv, STRIPE_SECRET_KEY: 'sk_live_51Real' }).testMode).toBe(
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
          paymentProviderFromEnv(env);
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
