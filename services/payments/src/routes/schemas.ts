import { PROBLEM_CONTENT_TYPE } from '@edu/contracts';
import { ProblemComponent } from '@edu/platform/http';
import { z } from '@hono/zod-openapi';
import type { RefundRow } from '../service/refunds.ts';
import type { PaymentRow, SubscriptionRow } from '../service/store.ts';

/** The wire shapes of docs/API.md's Payments section; rows never leave the service any other way. */
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

export function toPayment(row: PaymentRow): z.infer<typeof PaymentSchema> {
  return {
    id: row.id,
    userId: row.userId,
    courseId: row.courseId,
    amountCents: row.amountCents,
    currency: row.currency,
    status: row.status,
    // The checkout page matters only while the payment waits for it.
    ...(row.checkoutUrl && row.status === 'pending' ? { checkoutUrl: row.checkoutUrl } : {}),
    test: row.test,
    createdAt: row.createdAt.toISOString(),
  };
}

export function toSubscription(row: SubscriptionRow): z.infer<typeof SubscriptionSchema> {
  return {
    id: row.id,
    userId: row.userId,
    planId: row.planId,
    status: row.status,
    ...(row.currentPeriodEnd ? { currentPeriodEnd: row.currentPeriodEnd.toISOString() } : {}),
    cancelAtPeriodEnd: row.cancelAtPeriodEnd,
    ...(row.checkoutUrl && row.status === 'incomplete' ? { checkoutUrl: row.checkoutUrl } : {}),
  };
}

export function toRefund(row: RefundRow): z.infer<typeof RefundSchema> {
  return { id: row.id, paymentId: row.paymentId, amountCents: row.amountCents, status: row.status };
}

const PROBLEM_DESCRIPTIONS = {
  400: 'The request is malformed or invalid',
  401: 'No verified caller',
  403: 'The caller lacks the role this needs',
  404: 'Not found (or not visible to the caller)',
  409: 'Conflicts with the current state',
  422: 'The course’s price cannot be charged by the payment provider (its currency or amount)',
  502: 'The payment provider or the course catalogue failed',
} as const;

type ProblemResponse = {
  description: string;
  content: { 'application/problem+json': { schema: typeof ProblemComponent } };
};

/** problem+json responses for the given statuses, for a route's OpenAPI description. */
export function problemResponses<Status extends keyof typeof PROBLEM_DESCRIPTIONS>(
  ...statuses: Status[]
): Record<Status, ProblemResponse> {
  const responses = {} as Record<Status, ProblemResponse>;
  for (const status of statuses) {
    responses[status] = {
      description: PROBLEM_DESCRIPTIONS[status],
      content: { [PROBLEM_CONTENT_TYPE]: { schema: ProblemComponent } } as ProblemResponse['content'],
    };
  }
  return responses;
}
