import { WITHOUT_NUL } from '@edu/contracts';
import { type AppEnv, AppError, requireIdentity, requireRole } from '@edu/platform/http';
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { asc, eq } from 'drizzle-orm';
import type { Context } from 'hono';
import { paymentEvents, payments } from '../db/schema.ts';
import type { PaymentsContext } from '../service/context.ts';
import { createPaymentService } from '../service/payment-service.ts';
import { PaymentSchema, problemResponses, toPayment } from './schemas.ts';

type ContextOf = (c: Context<AppEnv>) => PaymentsContext;

const PaymentIdParams = z.object({
  paymentId: z.string().min(1).max(64).regex(WITHOUT_NUL, 'must not contain NUL characters'),
});
const json = <Schema extends z.ZodType>(schema: Schema) => ({ 'application/json': { schema } });

const getRoute = createRoute({
  method: 'get',
  path: '/api/v1/payments/{paymentId}',
  tags: ['Payments'],
  summary: 'One payment (its owner or an admin)',
  request: { params: PaymentIdParams },
  responses: {
    200: { description: 'The payment', content: json(PaymentSchema) },
    ...problemResponses(400, 401, 404),
  },
});

const purchaseRoute = createRoute({
  method: 'post',
  path: '/api/v1/payments/courses/{courseId}',
  tags: ['Payments'],
  summary: 'Buy a course at its current price',
  description:
    'The amount is the course price at this moment; any amount in the body is ignored. With the embedded provider the payment succeeds at once; with Stripe it is pending with a checkoutUrl until the webhook confirms it. An Idempotency-Key header makes a retry return the same payment.',
  request: {
    params: z.object({
      courseId: z.string().min(1).max(64).regex(WITHOUT_NUL, 'must not contain NUL characters'),
    }),
    headers: z.object({ 'idempotency-key': z.string().min(1).max(255).optional() }),
  },
  responses: {
    201: { description: 'The payment', content: json(PaymentSchema) },
    ...problemResponses(400, 401, 404, 409, 422, 502),
  },
});

const AuditEntrySchema = z
  .object({
    action: z.string(),
    fromStatus: z.string().nullable(),
    toStatus: z.string(),
    actor: z.string(),
    detail: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
    at: z.string(),
  })
  .openapi('PaymentAuditEntry');

const auditRoute = createRoute({
  method: 'get',
  path: '/api/v1/payments/{paymentId}/audit',
  tags: ['Payments'],
  summary: 'Every state change of a payment, oldest first (admin)',
  request: { params: PaymentIdParams },
  responses: {
    200: { description: 'The audit trail', content: json(z.object({ items: z.array(AuditEntrySchema) })) },
    ...problemResponses(400, 401, 403, 404),
  },
});

export function registerPaymentRoutes(app: OpenAPIHono<AppEnv>, contextOf: ContextOf) {
  app.openapi(purchaseRoute, async (c) => {
    const caller = requireIdentity(c);
    const { courseId } = c.req.valid('param');
    const idempotencyKey = c.req.valid('header')['idempotency-key'];
    const payment = await createPaymentService(contextOf(c)).purchaseCourse(caller.sub, courseId, {
      idempotencyKey,
    });
    return c.json(payment, 201);
  });

  app.openapi(getRoute, async (c) => {
    const caller = requireIdentity(c);
    const { paymentId } = c.req.valid('param');
    const [row] = await contextOf(c).db.select().from(payments).where(eq(payments.id, paymentId));
    // Someone else's payment is reported as missing, so ids cannot be probed.
    if (!row || (row.userId !== caller.sub && !caller.roles.includes('admin'))) {
      throw new AppError('not_found', `No payment ${paymentId}`);
    }
    return c.json(toPayment(row), 200);
  });

  app.openapi(auditRoute, async (c) => {
    requireRole(c, 'admin');
    const { paymentId } = c.req.valid('param');
    const { db } = contextOf(c);
    const [payment] = await db.select({ id: payments.id }).from(payments).where(eq(payments.id, paymentId));
    if (!payment) throw new AppError('not_found', `No payment ${paymentId}`);
    const rows = await db
      .select()
      .from(paymentEvents)
      .where(eq(paymentEvents.paymentId, paymentId))
      .orderBy(asc(paymentEvents.seq));
    const items = rows.map((row) => ({
      action: row.action,
      fromStatus: row.fromStatus,
      toStatus: row.toStatus,
      actor: row.actor,
      detail: row.detail,
      at: row.createdAt.toISOString(),
    }));
    return c.json({ items }, 200);
  });
}
