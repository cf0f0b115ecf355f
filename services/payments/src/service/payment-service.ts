import type { Identity } from '@edu/platform/http';
import type { z } from 'zod';
import type { PaymentSchema, RefundSchema, SubscriptionSchema } from '../routes/schemas.ts';
import { toPayment, toRefund, toSubscription } from '../routes/schemas.ts';
import type { PaymentsContext } from './context.ts';
import { purchaseCourse } from './purchase.ts';
import { processRefund } from './refunds.ts';
import { cancelSubscription, createSubscription, findSubscription } from './subscriptions.ts';

type Payment = z.infer<typeof PaymentSchema>;
type Subscription = z.infer<typeof SubscriptionSchema>;
type Refund = z.infer<typeof RefundSchema>;

/**
 * IPaymentService of the platform design. The design's signatures carry no caller; ours add
 * who acts (for ownership checks and the audit trail) and the purchase's Idempotency-Key.
 */
export interface IPaymentService {
  createSubscription(userId: string, planId: string): Promise<Subscription>;
  getSubscription(subscriptionId: string, caller: Identity): Promise<Subscription>;
  cancelSubscription(subscriptionId: string, caller: Identity): Promise<void>;
  purchaseCourse(
    userId: string,
    courseId: string,
    options?: { idempotencyKey?: string | undefined },
  ): Promise<Payment>;
  processRefund(paymentId: string, by: { adminId: string; reason?: string | undefined }): Promise<Refund>;
}

export function createPaymentService(ctx: PaymentsContext): IPaymentService {
  return {
    createSubscription: async (userId, planId) =>
      toSubscription(await createSubscription(ctx, { userId, planId })),
    getSubscription: async (subscriptionId, caller) =>
      toSubscription(await findSubscription(ctx, { subscriptionId, caller })),
    cancelSubscription: (subscriptionId, caller) => cancelSubscription(ctx, { subscriptionId, caller }),
    purchaseCourse: async (userId, courseId, options = {}) =>
      toPayment(await purchaseCourse(ctx, { userId, courseId, idempotencyKey: options.idempotencyKey })),
    processRefund: async (paymentId, by) =>
      toRefund(await processRefund(ctx, { paymentId, adminId: by.adminId, reason: by.reason })),
  };
}
