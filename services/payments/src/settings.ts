import { AllowTestModeSetting } from '@edu/platform';
import { urlSetting } from '@edu/platform/config';
import { z } from 'zod';

const priceSetting = z.string().regex(/^price_\w+$/, 'must be a Stripe price id (price_…)');

/**
 * What PAYMENT_PROVIDER=stripe needs. The secret key and webhook secret are only checked for
 * presence here: loadConfig quotes a wrong value in its message, and these two must never reach
 * a log line, so their form is checked where the provider is built (adapters/payment-provider).
 */
export const StripeSettings = z.object({
  STRIPE_SECRET_KEY: z.string({ error: 'is required when PAYMENT_PROVIDER=stripe' }),
  STRIPE_WEBHOOK_SECRET: z.string({ error: 'is required when PAYMENT_PROVIDER=stripe' }),
  /** The Stripe prices of the plans in domain/plans.ts. */
  STRIPE_PRICE_MONTHLY: priceSetting,
  STRIPE_PRICE_YEARLY: priceSetting,
  /** Where Checkout sends the buyer back, with `?payment=<id>` or `?subscription=<id>` added. */
  STRIPE_SUCCESS_URL: urlSetting(['https', 'http']),
  STRIPE_CANCEL_URL: urlSetting(['https', 'http']),
  /** Another Stripe API origin, e.g. stripe-mock or a test stand-in; unset means api.stripe.com. */
  STRIPE_API_URL: urlSetting(['https', 'http']).optional(),
});

/**
 * The payments service's settings. Each is checked as given; which are required depends on
 * PAYMENT_PROVIDER and the topology, so createApp resolves the provider (and fails, naming the
 * setting) from these and `deps.topology`.
 */
export const PaymentsSettings = z.object({
  /**
   * `embedded`: test mode, payments succeed at once (the default only in the embedded topology;
   * a standalone service needs it set with ALLOW_TEST_MODE=true). `stripe`: real Checkout.
   */
  PAYMENT_PROVIDER: z.enum(['embedded', 'stripe']).optional(),
  ALLOW_TEST_MODE: AllowTestModeSetting,
  ...StripeSettings.partial().shape,
});
export type PaymentsSettings = z.infer<typeof PaymentsSettings>;
