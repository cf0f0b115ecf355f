import { IdSchema } from '@edu/contracts';
import {
  PageQuerySchema,
  pageSchema,
  problemResponses,
  requireIdentity,
  type ServiceApp,
} from '@edu/platform/http';
import { createRoute, z } from '@hono/zod-openapi';
import type { PaymentsDeps } from '../../operations/context.ts';
import { listPayments } from '../../operations/read-payments.ts';
import { PaymentSchema } from '../schemas.ts';

const PaymentListQuery = PageQuerySchema.extend({
  all: z
    .enum(['true', 'false'])
    .optional()
    .transform((value) => value === 'true')
    .openapi({ description: "Every user's payments, not only the caller's (admins only; 403 otherwise)" }),
  userId: IdSchema.optional().openapi({
    description: "Only this user's payments (admins only, for anyone but themselves)",
  }),
  status: PaymentSchema.shape.status.optional().openapi({ description: 'Only payments in this status' }),
});

const example = {
  items: [
    {
      id: '01930000-0000-7000-8000-0000000a0001',
      userId: '01930000-0000-7000-8000-0000000b0001',
      courseId: '01930000-0000-7000-8000-0000000c0001',
      amountCents: 4900,
      currency: 'USD',
      status: 'succeeded',
      test: true,
      createdAt: '2026-01-05T10:00:00.000Z',
    },
  ],
  nextCursor: null,
};

const route = createRoute({
  method: 'get',
  path: '/api/v1/payments',
  tags: ['Payments'],
  summary: "The caller's payments, or with `all=true` everyone's (admin), newest first",
  description:
    "Without `all` the caller's own payments. Admins pass `all=true` to see every payment, optionally narrowed by `userId`; `status` narrows either list. A non-admin asking for `all=true` or for another user's payments gets 403.",
  request: { query: PaymentListQuery },
  responses: {
    200: {
      description: 'A page of payments',
      content: { 'application/json': { schema: pageSchema(PaymentSchema), example } },
    },
    ...problemResponses('validation_failed', 'unauthorized', [
      'forbidden',
      "Only admins may list everyone's or another user's payments",
    ]),
  },
});

export function registerListPayments(app: ServiceApp, deps: PaymentsDeps) {
  app.openapi(route, async (c) => {
    const caller = requireIdentity(c);
    const page = await listPayments(deps, { caller, ...c.req.valid('query') });
    return c.json(page, 200);
  });
}
