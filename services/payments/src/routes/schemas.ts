import { IdSchema } from '@edu/contracts';
import { z } from '@hono/zod-openapi';

/** The wire shapes of docs/API.md's Payments section (operations/views.ts builds them). */
export const PaymentSchema = z
  .object({
    id: z.string(),
    userId: z.string(),
    courseId: z.string(),
    amountCents: z.number().int(),
    currency: z.string(),
    status: z.enum(['pending', 'succeeded', 'failed', 'refunded']),
    checkoutUrl: z.string().optional(),
    test: z.boolean(),
    createdAt: z.string(),
  })
  .openapi('Payment');

export const SubscriptionSchema = z
  .object({
    id: z.string(),
    userId: z.string(),
    planId: z.string(),
    status: z.enum(['incomplete', 'active', 'canceled']),
    currentPeriodEnd: z.string().optional(),
    cancelAtPeriodEnd: z.boolean(),
    checkoutUrl: z.string().optional(),
  })
  .openapi('Subscription');

export const RefundSchema = z
  .object({
    id: z.string(),
    paymentId: z.string(),
    amountCents: z.number().int(),
    status: z.enum(['succeeded', 'pending', 'failed']),
  })
  .openapi('Refund');

/**
 * The path ids. Not `idParams` of @edu/platform/http: it calls `.openapi()` on IdSchema, which
 * zod only has when @hono/zod-openapi was loaded before @edu/contracts, and here it may not be.
 */
export const PaymentParams = z.object({ paymentId: IdSchema });
export const SubscriptionParams = z.object({ id: IdSchema });
