import type { ModuleDeps } from '@edu/platform';
import { createServiceApp } from '@edu/platform/http';
import { paymentProviderFromSettings } from './adapters/payment-provider/from-settings.ts';
import type { PaymentProvider } from './adapters/payment-provider/port.ts';
import { createCoursesClient } from './clients/courses.ts';
import type { PaymentsDeps } from './operations/context.ts';
import { registerPaymentAudit } from './routes/payments/audit.ts';
import { registerGetPayment } from './routes/payments/get.ts';
import { registerListPayments } from './routes/payments/list.ts';
import { registerPurchaseCourse } from './routes/payments/purchase.ts';
import { registerRefundPayment } from './routes/payments/refund.ts';
import { registerListPlans } from './routes/plans/list.ts';
import { registerCancelSubscription } from './routes/subscriptions/cancel.ts';
import { registerCreateSubscription } from './routes/subscriptions/create.ts';
import { registerGetSubscription } from './routes/subscriptions/get.ts';
import { registerStripeWebhook } from './routes/webhooks/stripe.ts';
import type { PaymentsSettings } from './settings.ts';

/**
 * The payments service: its routes, given its dependencies. `seams.provider` replaces the
 * provider the settings name (tests: Stripe at a local stand-in); the module never passes it.
 */
export function createApp(deps: ModuleDeps<PaymentsSettings>, seams: { provider?: PaymentProvider } = {}) {
  // Built once per app: a misconfigured provider fails at start, naming the setting.
  const provider =
    seams.provider ?? paymentProviderFromSettings(deps.settings, deps.topology ?? 'standalone');
  const app = createServiceApp({
    service: 'payments',
    logger: deps.logger,
    identitySecret: deps.identitySecret,
    notifyOutbox: deps.notifyOutbox,
  });
  const payments: PaymentsDeps = {
    db: deps.db,
    provider,
    courses: createCoursesClient({ binding: deps.services.courses, identitySecret: deps.identitySecret }),
  };
  // Fixed paths first, so /plans, /subscriptions and /webhooks are never read as a payment id.
  registerListPlans(app, payments);
  registerCreateSubscription(app, payments);
  registerGetSubscription(app, payments);
  registerCancelSubscription(app, payments);
  registerStripeWebhook(app, payments);
  registerListPayments(app, payments);
  registerPurchaseCourse(app, payments);
  registerGetPayment(app, payments);
  registerPaymentAudit(app, payments);
  registerRefundPayment(app, payments);
  return app;
}
