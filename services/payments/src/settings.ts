import { z } from 'zod';

const text = z.string().optional();

/**
 * The payments service's settings, as given; `paymentProviderFromEnv` (config.ts) validates
 * them together, since which are required depends on PAYMENT_PROVIDER and the topology.
 */
export const PaymentsSettings = z.object({
  PAYMENT_PROVIDER: text,
  ALLOW_TEST_MODE: text,
  STRIPE_SECRET_KEY: text,
  STRIPE_WEBHOOK_SECRET: text,
  STRIPE_PRICE_MONTHLY: text,
  STRIPE_PRICE_YEARLY: text,
  STRIPE_SUCCESS_URL: text,
  STRIPE_CANCEL_URL: text,
  STRIPE_API_URL: text,
});
