import { jsonContent, problemResponses, requireRole, type ServiceApp } from '@edu/platform/http';
import { createRoute, z } from '@hono/zod-openapi';
import type { PaymentsDeps } from '../../operations/context.ts';
import { listPaymentAudit } from '../../operations/read-payments.ts';
import { PaymentParams } from '../schemas.ts';

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

const route = createRoute({
  method: 'get',
  path: '/api/v1/payments/{paymentId}/audit',
  tags: ['Payments'],
  summary: 'Every state change of a payment, oldest first (admin)',
  request: { params: PaymentParams },
  responses: {
    200: jsonContent(z.object({ items: z.array(AuditEntrySchema) }), 'The audit trail'),
    ...problemResponses('validation_failed', 'unauthorized', 'forbidden', ['not_found', 'No such payment']),
  },
});

export function registerPaymentAudit(app: ServiceApp, deps: PaymentsDeps) {
  app.openapi(route, async (c) => {
    requireRole(c, 'admin');
    return c.json(await listPaymentAudit(deps, c.req.valid('param').paymentId), 200);
  });
}
