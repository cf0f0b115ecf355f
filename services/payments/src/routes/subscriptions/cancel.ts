import { problemResponses, requireIdentity, type ServiceApp } from '@edu/platform/http';
import { createRoute } from '@hono/zod-openapi';
import { inRequest, type PaymentsDeps } from '../../operations/context.ts';
import { cancelSubscription } from '../../operations/subscriptions.ts';
import { SubscriptionParams } from '../schemas.ts';

const route = createRoute({
  method: 'delete',
  path: '/api/v1/payments/subscriptions/{id}',
  tags: ['Payments'],
  summary:
    'Cancel a subscription (owner or admin); access ends at period end, at once with the embedded provider',
  request: { params: SubscriptionParams },
  responses: {
    204: { description: 'Canceled' },
    ...problemResponses(
      'validation_failed',
      'unauthorized',
      ['not_found', 'No such subscription, or not the caller’s'],
      ['bad_gateway', 'The payment provider could not cancel it; try again'],
    ),
  },
});

export function registerCancelSubscription(app: ServiceApp, deps: PaymentsDeps) {
  app.openapi(route, async (c) => {
    const caller = requireIdentity(c);
    await cancelSubscription(inRequest(deps, c), { subscriptionId: c.req.valid('param').id, caller });
    return c.body(null, 204);
  });
}
