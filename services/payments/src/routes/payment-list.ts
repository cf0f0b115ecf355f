import { WITHOUT_NUL } from '@edu/contracts';
import { type AppEnv, AppError, requireIdentity, toPage } from '@edu/platform/http';
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { and, desc, eq, lt, type SQL } from 'drizzle-orm';
import type { Context } from 'hono';
import { payments } from '../db/schema.ts';
import { PageQuerySchema } from '../domain/pagination.ts';
import { paymentListScope } from '../domain/payment-list.ts';
import type { PaymentsContext } from '../service/context.ts';
import { PaymentSchema, problemResponses, toPayment } from './schemas.ts';

type ContextOf = (c: Context<AppEnv>) => PaymentsContext;

const PaymentListQuery = PageQuerySchema.extend({
  all: z
    .enum(['true', 'false'])
    .optional()
    .transform((value) => value === 'true')
    .openapi({ description: "Every user's payments, not only the caller's (admins only; 403 otherwise)" }),
  userId: z
    .string()
    .min(1)
    .max(64)
    .regex(WITHOUT_NUL, 'must not contain NUL characters')
    .optional()
    .openapi({ description: "Only this user's payments (admins only, for anyone but themselves)" }),
  status: PaymentSchema.shape.status.optional().openapi({ description: 'Only payments in this status' }),
});

const listRoute = createRoute({
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
      content: {
        'application/json': {
          schema: z.object({ items: z.array(PaymentSchema), nextCursor: z.string().nullable() }),
          example: {
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
          },
        },
      },
    },
    ...problemResponses(400, 401, 403),
  },
});

export function registerPaymentListRoutes(app: OpenAPIHono<AppEnv>, contextOf: ContextOf) {
  app.openapi(listRoute, async (c) => {
    const caller = requireIdentity(c);
    const { limit, cursor, status, ...filters } = c.req.valid('query');
    const scope = paymentListScope(caller, filters);
    if (scope === 'forbidden') throw new AppError('forbidden', "Only admins may list other users' payments");
    const conditions: SQL[] = [];
    if (scope !== 'everyone') conditions.push(eq(payments.userId, scope.userId));
    if (status !== undefined) conditions.push(eq(payments.status, status));
    if (cursor) conditions.push(lt(payments.id, cursor));
    const rows = await contextOf(c)
      .db.select()
      .from(payments)
      .where(and(...conditions))
      .orderBy(desc(payments.id))
      .limit(limit + 1);
    const page = toPage(rows, limit);
    return c.json({ items: page.items.map(toPayment), nextCursor: page.nextCursor }, 200);
  });
}
