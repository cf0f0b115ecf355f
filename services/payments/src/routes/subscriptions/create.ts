import {
  jsonBody,
  jsonContent,
  problemResponses,
  requireIdentity,
  type ServiceApp,
} from '@edu/platform/http';
import { createRoute, z } from '@hono/zod-openapi';
import { inRequest, type PaymentsDeps } from '../../operations/context.ts';
import { createSubscription } from '../../operations/subscriptions.ts';
import { SubscriptionSchema } from '../schemas.ts';

const route = createRoute({
  method: 'post',
  path: '/api/v1/payments/subscriptions',
  tags: ['Payments'],
  summary: 'Subscribe to an all-access plan',
  request: { body: jsonBody(z.object({ planId: z.string().min(1).max(64) })) },
  responses: {
    201: jsonContent(SubscriptionSchema, 'The subscription'),
    ...problemResponses(
      'validation_failed',
      'unauthorized',
      ['not_found', 'No such plan'],
      ['conflict', 'The caller already has a subscription in progress or active'],
      ['bad_gateway', 'The payment provider failed; nothing was charged'],
    ),
  },
});

export function registerCreateSubscription(app: ServiceApp, deps: PaymentsDeps) {
  app.openapi(route, async (c) => {
    const caller = requireIdentity(c);
    const subscription = await createSubscription(inRequest(deps, c), {
      userId: caller.sub,
      planId: c.req.valid('json').planId,
    });
    return c.json(subscription, 201);
  });
}
