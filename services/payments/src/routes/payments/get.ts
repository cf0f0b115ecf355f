import { jsonContent, problemResponses, requireIdentity, type ServiceApp } from '@edu/platform/http';
import { createRoute } from '@hono/zod-openapi';
import type { PaymentsDeps } from '../../operations/context.ts';
import { getPayment } from '../../operations/read-payments.ts';
import { PaymentParams, PaymentSchema } from '../schemas.ts';

const route = createRoute({
  method: 'get',
  path: '/api/v1/payments/{paymentId}',
  tags: ['Payments'],
  summary: 'One payment (its owner or an admin)',
  request: { params: PaymentParams },
  responses: {
    200: jsonContent(PaymentSchema, 'The payment'),
    ...problemResponses('validation_failed', 'unauthorized', [
      'not_found',
      'No such payment, or not the caller’s',
    ]),
  },
});

export function registerGetPayment(app: ServiceApp, deps: PaymentsDeps) {
  app.openapi(route, async (c) => {
    const caller = requireIdentity(c);
    return c.json(await getPayment(deps, { paymentId: c.req.valid('param').paymentId, caller }), 200);
  });
}
