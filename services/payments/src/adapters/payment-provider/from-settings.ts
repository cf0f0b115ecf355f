import { ConfigError, loadConfig, resolveAdapterSetting, type ServiceTopology } from '@edu/platform';
import { type PaymentsSettings, StripeSettings } from '../../settings.ts';
import { createEmbeddedProvider } from './embedded.ts';
import type { PaymentProvider } from './port.ts';
import { createStripeProvider } from './stripe.ts';

/**
 * The payment provider the settings ask for in this topology, built once at start; a missing or
 * wrong setting throws a ConfigError naming it (never quoting a secret).
 */
export function paymentProviderFromSettings(
  settings: PaymentsSettings,
  topology: ServiceTopology,
): PaymentProvider {
  const { PAYMENT_PROVIDER, ALLOW_TEST_MODE, ...given } = settings;
  const provider = resolveAdapterSetting({
    name: 'PAYMENT_PROVIDER',
    value: PAYMENT_PROVIDER,
    testValue: 'embedded',
    realValues: ['stripe'],
    topology,
    allowTestMode: ALLOW_TEST_MODE,
  });
  if (provider === 'embedded') return createEmbeddedProvider();
  // Already checked as given; read again with Stripe's required ones, so a missing one is named.
  const stripe = loadConfig(StripeSettings, given);
  if (!/^(sk|rk)_(test|live)_\w+$/.test(stripe.STRIPE_SECRET_KEY)) {
    throw new ConfigError(
      'Invalid setting STRIPE_SECRET_KEY: must be a Stripe secret key (sk_test_… or sk_live_…)',
    );
  }
  if (!/^whsec_\w+$/.test(stripe.STRIPE_WEBHOOK_SECRET)) {
    throw new ConfigError(
      'Invalid setting STRIPE_WEBHOOK_SECRET: must be a webhook signing secret (whsec_…)',
    );
  }
  return createStripeProvider({
    secretKey: stripe.STRIPE_SECRET_KEY,
    webhookSecret: stripe.STRIPE_WEBHOOK_SECRET,
    prices: { monthly: stripe.STRIPE_PRICE_MONTHLY, yearly: stripe.STRIPE_PRICE_YEARLY },
    successUrl: stripe.STRIPE_SUCCESS_URL,
    cancelUrl: stripe.STRIPE_CANCEL_URL,
    ...(stripe.STRIPE_API_URL ? { apiUrl: stripe.STRIPE_API_URL } : {}),
  });
}
