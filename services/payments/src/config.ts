import {
  AllowTestModeSetting,
  ConfigError,
  loadConfig,
  resolveAdapterSetting,
  type ServiceTopology,
  urlSetting,
} from '@edu/platform';
import { z } from 'zod';
import { createEmbeddedProvider } from './providers/embedded.ts';
import type { PaymentProvider } from './providers/provider.ts';
import { createStripeProvider } from './providers/stripe.ts';

type Env = Record<string, string | undefined>;

export const ProviderSettings = z.object({
  /**
   * `embedded`: test mode, payments succeed at once (the default only in the embedded topology;
   * a standalone service needs it set with ALLOW_TEST_MODE=true). `stripe`: real Checkout.
   */
  PAYMENT_PROVIDER: z.enum(['embedded', 'stripe']).optional(),
  ALLOW_TEST_MODE: AllowTestModeSetting,
});

const priceSetting = z.string().regex(/^price_\w+$/, 'must be a Stripe price id (price_…)');

/**
 * The secret key and webhook secret are only checked for presence here: loadConfig quotes a
 * wrong value in its message, and these two must never reach a log line.
 */
export const StripeSettings = z.object({
  STRIPE_SECRET_KEY: z.string({ error: 'is required when PAYMENT_PROVIDER=stripe' }),
  STRIPE_WEBHOOK_SECRET: z.string({ error: 'is required when PAYMENT_PROVIDER=stripe' }),
  STRIPE_PRICE_MONTHLY: priceSetting,
  STRIPE_PRICE_YEARLY: priceSetting,
  STRIPE_SUCCESS_URL: urlSetting(['https', 'http']),
  STRIPE_CANCEL_URL: urlSetting(['https', 'http']),
  /** Another Stripe API origin, e.g. stripe-mock or a test stand-in; unset means api.stripe.com. */
  STRIPE_API_URL: urlSetting(['https', 'http']).optional(),
});

/** The payment provider the environment asks for, validated at start; a wrong setting names its variable. */
export function paymentProviderFromEnv(env: Env, topology: ServiceTopology): PaymentProvider {
  const choice = loadConfig(ProviderSettings, env);
  const provider = resolveAdapterSetting({
    name: 'PAYMENT_PROVIDER',
    value: choice.PAYMENT_PROVIDER,
    testValue: 'embedded',
    realValues: ['stripe'],
    topology,
    allowTestMode: choice.ALLOW_TEST_MODE,
  });
  if (provider === 'embedded') return createEmbeddedProvider();
  const settings = loadConfig(StripeSettings, env);
  if (!/^(sk|rk)_(test|live)_\w+$/.test(settings.STRIPE_SECRET_KEY)) {
    throw new ConfigError(
      'Invalid setting STRIPE_SECRET_KEY: must be a Stripe secret key (sk_test_… or sk_live_…)',
    );
  }
  if (!/^whsec_\w+$/.test(settings.STRIPE_WEBHOOK_SECRET)) {
    throw new ConfigError(
      'Invalid setting STRIPE_WEBHOOK_SECRET: must be a webhook signing secret (whsec_…)',
    );
  }
  return createStripeProvider({
    secretKey: settings.STRIPE_SECRET_KEY,
    webhookSecret: settings.STRIPE_WEBHOOK_SECRET,
    prices: { monthly: settings.STRIPE_PRICE_MONTHLY, yearly: settings.STRIPE_PRICE_YEARLY },
    successUrl: settings.STRIPE_SUCCESS_URL,
    cancelUrl: settings.STRIPE_CANCEL_URL,
    ...(settings.STRIPE_API_URL ? { apiUrl: settings.STRIPE_API_URL } : {}),
  });
}
