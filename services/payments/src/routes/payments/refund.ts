import { jsonContent, problemResponses, requireRole, type ServiceApp } from '@edu/platform/http';
import { createRoute, z } from '@hono/zod-openapi';
import { inRequest, type PaymentsDeps } from '../../operations/context.ts';
import { refundPayment } from '../../operations/refund-payment.ts';
import { PaymentParams, RefundSchema } from '../schemas.ts';

const route = createRoute({
  method: 'post',
  path: '/api/v1/payments/{paymentId}/refund',
  tags: ['Payments'],
  summary: 'Refund a payment in full (admin); access to the course is revoked',
  request: {
    params: PaymentParams,
    body: {
      required: false,
      content: {
        'application/json': { schema: z.object({ reason: z.string().trim().min(1).max(500).optional() }) },
      },
    },
  },
  responses: {
    201: jsonContent(RefundSchema, 'The refund'),
    ...problemResponses(
      'validation_failed',
      'unauthorized',
      'forbidden',
      ['not_found', 'No such payment'],
      ['conflict', 'The payment is not paid, already refunded, or being refunded'],
      ['bad_gateway', 'The payment provider could not refund it; try again'],
    ),
  },
});

export function registerRefundPayment(app: ServiceApp, deps: PaymentsDeps) {
  app.openapi(route, async (c) => {
    const admin = requireRole(c, 'admin');
    const { reason } = c.req.valid('json') ?? {};
    const refund = await refundPayment(inRequest(deps, c), {
      paymentId: c.req.valid('param').paymentId,
      adminId: admin.sub,
      reason,
    });
    return c.json(refund, 201);
  });
}
