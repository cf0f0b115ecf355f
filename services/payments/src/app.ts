import type { ServiceDeps } from '@edu/platform';
import { type AppEnv, createServiceApp } from '@edu/platform/http';
import type { Context } from 'hono';
import { paymentProviderFromEnv } from './config.ts';
import type { PaymentProvider } from './providers/provider.ts';
import { registerPaymentListRoutes } from './routes/payment-list.ts';
import { registerPaymentRoutes } from './routes/payments.ts';
import { registerPlanRoutes } from './routes/plans.ts';
import { registerRefundRoutes } from './routes/refunds.ts';
import { registerStripeWebhookRoutes } from './routes/stripe-webhooks.ts';
import { registerSubscriptionRoutes } from './routes/subscriptions.ts';
import type { PaymentsContext } from './service/context.ts';

export const SERVICE_NAME = 'payments';

export interface PaymentsAppOptions {
  /** The payment provider; by default chosen from the environment (PAYMENT_PROVIDER, STRIPE_*). */
  provider?: PaymentProvider;
  /** Where settings are read when no provider is given (Workers pass their bindings). */
  env?: Record<string, string | undefined>;
}

/** The environment of the runtime, where there is one (Bun, Node; Workers with nodejs_compat). */
function processEnv(): Record<string, string | undefined> {
  return typeof process === 'undefined' ? {} : process.env;
}

/** The payments service: its routes, given its dependencies. */
export function createApp(deps: ServiceDeps, options: PaymentsAppOptions = {}) {
  // Built once per app: a misconfigured provider fails at start, naming the variable.
  const provider =
    options.provider ?? paymentProviderFromEnv(options.env ?? processEnv(), deps.topology ?? 'standalone');
  const app = createServiceApp({
    service: SERVICE_NAME,
    logger: deps.logger,
    identitySecret: deps.identitySecret,
    notifyOutbox: deps.notifyOutbox,
  });
  const contextOf = (c: Context<AppEnv>): PaymentsContext => ({
    db: deps.db,
    provider,
    courses: deps.services.courses,
    log: c.get('log'),
    origin: { correlationId: c.get('requestId'), source: SERVICE_NAME },
  });
  // Fixed paths first, so /plans and /subscriptions are never read as a payment id.
  registerPlanRoutes(app);
  registerSubscriptionRoutes(app, contextOf);
  registerStripeWebhookRoutes(app, contextOf);
  registerPaymentListRoutes(app, contextOf);
  registerPaymentRoutes(app, contextOf);
  registerRefundRoutes(app, contextOf);
  return app;
}
