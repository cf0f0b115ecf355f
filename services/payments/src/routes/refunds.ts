import { WITHOUT_NUL } from '@edu/contracts';
import { type AppEnv, requireRole } from '@edu/platform/http';
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { PaymentsContext } from '../service/context.ts';
import { createPaymentService } from '../service/payment-service.ts';
import { problemResponses, RefundSchema } from './schemas.ts';

const refundRoute = createRoute({
  method: 'post',
  path: '/api/v1/payments/{paymentId}/refund',
  tags: ['Payments'],
  summary: 'Refund a payment in full (admin); access to the course is revoked',
  request: {
    params: z.object({
      paymentId: z.string().min(1).max(64).regex(WITHOUT_NUL, 'must not contain NUL characters'),
    }),
    body: {
      required: false,
      content: {
        'application/json': { schema: z.object({ reason: z.string().trim().min(1).max(500).optional() }) },
      },
    },
  },
  responses: {
    201: { description: 'The refund', content: { 'application/json': { schema: RefundSchema } } },
    ...problemResponses(400, 401, 403, 404, 409, 502),
  },
});

export function registerRefundRoutes(
  app: OpenAPIHono<AppEnv>,
  contextOf: (c: Context<AppEnv>) => PaymentsContext,
) {
  app.openapi(refundRoute, async (c) => {
    const admin = requireRole(c, 'admin');
    const { paymentId } = c.req.valid('param');
    const { reason } = c.req.valid('json') ?? {};
    const refund = await createPaymentService(contextOf(c)).processRefund(paymentId, {
      adminId: admin.sub,
      reason,
    });
    return c.json(refund, 201);
  });
}
