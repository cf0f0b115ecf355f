import { jsonContent, problemResponses, requireIdentity, type ServiceApp } from '@edu/platform/http';
import { createRoute } from '@hono/zod-openapi';
import type { PaymentsDeps } from '../../operations/context.ts';
import { getSubscription } from '../../operations/subscriptions.ts';
import { SubscriptionParams, SubscriptionSchema } from '../schemas.ts';

const route = createRoute({
  method: 'get',
  path: '/api/v1/payments/subscriptions/{id}',
  tags: ['Payments'],
  summary: 'Read a subscription (owner or admin)',
  description:
    'Its status: `incomplete` until the provider confirms it (Stripe Checkout), then `active`, later `canceled`. ' +
    "Anyone else's subscription is a 404, as an unknown id.",
  request: { params: SubscriptionParams },
  responses: {
    200: jsonContent(SubscriptionSchema, 'The subscription'),
    ...problemResponses('validation_failed', 'unauthorized', [
      'not_found',
      'No such subscription, or not the caller’s',
    ]),
  },
});

export function registerGetSubscription(app: ServiceApp, deps: PaymentsDeps) {
  app.openapi(route, async (c) => {
    const caller = requireIdentity(c);
    return c.json(await getSubscription(deps, { subscriptionId: c.req.valid('param').id, caller }), 200);
  });
}
