import { isChargeableCurrency, newId } from '@edu/contracts';
import { periodEnd } from '../../domain/plans.ts';
import type { PaymentProvider } from './port.ts';

/**
 * The embedded test-mode provider: every payment succeeds at once and no money moves,
 * so the whole purchase flow works on a fresh machine without an account anywhere.
 */
export function createEmbeddedProvider(options: { now?: () => Date } = {}): PaymentProvider {
  const now = options.now ?? (() => new Date());
  return {
    name: 'embedded',
    testMode: true,
    // It takes what the real provider takes, so a course sold here can be sold in production.
    chargeProblem: (_amount, currency) =>
      isChargeableCurrency(currency) ? null : `Payments in ${currency} cannot be taken`,
    startCoursePayment: async (input) => ({
      status: 'succeeded',
      providerCheckoutId: `embedded_checkout_${input.paymentId}`,
      providerPaymentId: `embedded_payment_${input.paymentId}`,
    }),
    startSubscription: async (input) => ({
      status: 'active',
      providerSubscriptionId: `embedded_sub_${input.subscriptionId}`,
      currentPeriodEnd: periodEnd(input.plan, now()),
    }),
    cancelSubscription: async () => ({ endsAt: 'now' }),
    refund: async () => ({ providerRefundId: `embedded_refund_${newId()}`, status: 'succeeded' }),
  };
}
