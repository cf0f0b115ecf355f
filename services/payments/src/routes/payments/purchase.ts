import { IdSchema } from '@edu/contracts';
import { jsonContent, problemResponses, requireIdentity, type ServiceApp } from '@edu/platform/http';
import { createRoute, z } from '@hono/zod-openapi';
import { inRequest, type PaymentsDeps } from '../../operations/context.ts';
import { purchaseCourse } from '../../operations/purchase-course.ts';
import { PaymentSchema } from '../schemas.ts';

const route = createRoute({
  method: 'post',
  path: '/api/v1/payments/courses/{courseId}',
  tags: ['Payments'],
  summary: 'Buy a course at its current price',
  description:
    'The amount is the course price at this moment; any amount in the body is ignored. With the embedded provider the payment succeeds at once; with Stripe it is pending with a checkoutUrl until the webhook confirms it. An Idempotency-Key header makes a retry return the same payment.',
  request: {
    params: z.object({ courseId: IdSchema }),
    headers: z.object({ 'idempotency-key': z.string().min(1).max(255).optional() }),
  },
  responses: {
    201: jsonContent(PaymentSchema, 'The payment'),
    ...problemResponses(
      'validation_failed',
      'unauthorized',
      ['not_found', 'No published course with this id'],
      ['conflict', 'The caller already owns the course, or the Idempotency-Key was used for another'],
      [
        'unprocessable',
        'The course’s price cannot be charged by the payment provider (its currency or amount)',
      ],
      ['bad_gateway', 'The payment provider failed; nothing was charged'],
      ['unavailable', 'The course catalogue is not answering; try again shortly'],
    ),
  },
});

export function registerPurchaseCourse(app: ServiceApp, deps: PaymentsDeps) {
  app.openapi(route, async (c) => {
    const caller = requireIdentity(c);
    const payment = await purchaseCourse(inRequest(deps, c), {
      userId: caller.sub,
      courseId: c.req.valid('param').courseId,
      idempotencyKey: c.req.valid('header')['idempotency-key'],
    });
    return c.json(payment, 201);
  });
}
