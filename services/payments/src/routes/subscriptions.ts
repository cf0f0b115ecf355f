import { WITHOUT_NUL } from '@edu/contracts';
import { type AppEnv, requireIdentity } from '@edu/platform/http';
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { PaymentsContext } from '../service/context.ts';
import { createPaymentService } from '../service/payment-service.ts';
import { problemResponses, SubscriptionSchema } from './schemas.ts';

const createSubscriptionRoute = createRoute({
  method: 'post',
  path: '/api/v1/payments/subscriptions',
  tags: ['Payments'],
  summary: 'Subscribe to an all-access plan',
  request: {
    body: {
      required: true,
      content: { 'application/json': { schema: z.object({ planId: z.string().min(1).max(64) }) } },
    },
  },
  responses: {
    201: { description: 'The subscription', content: { 'application/json': { schema: SubscriptionSchema } } },
    ...problemResponses(400, 401, 404, 409, 502),
  },
});

const subscriptionIdParam = z.object({
  id: z.string().min(1).max(64).regex(WITHOUT_NUL, 'must not contain NUL characters'),
});

const getSubscriptionRoute = createRoute({
  method: 'get',
  path: '/api/v1/payments/subscriptions/{id}',
  tags: ['Payments'],
  summary: 'Read a subscription (owner or admin)',
  description:
    'Its status: `incomplete` until the provider confirms it (Stripe Checkout), then `active`, later `canceled`. ' +
    "Anyone else's subscription is a 404, as an unknown id.",
  request: { params: subscriptionIdParam },
  responses: {
    200: { description: 'The subscription', content: { 'application/json': { schema: SubscriptionSchema } } },
    ...problemResponses(400, 401, 404),
  },
});

const cancelSubscriptionRoute = createRoute({
  method: 'delete',
  path: '/api/v1/payments/subscriptions/{id}',
  tags: ['Payments'],
  summary:
    'Cancel a subscription (owner or admin); access ends at period end, at once with the embedded provider',
  request: { params: subscriptionIdParam },
  responses: {
    204: { description: 'Canceled' },
    ...problemResponses(400, 401, 404, 502),
  },
});

export function registerSubscriptionRoutes(
  app: OpenAPIHono<AppEnv>,
  contextOf: (c: Context<AppEnv>) => PaymentsContext,
) {
  app.openapi(createSubscriptionRoute, async (c) => {
    const caller = requireIdentity(c);
    const { planId } = c.req.valid('json');
    const subscription = await createPaymentService(contextOf(c)).createSubscription(caller.sub, planId);
    return c.json(subscription, 201);
  });

  app.openapi(getSubscriptionRoute, async (c) => {
    const caller = requireIdentity(c);
    const subscription = await createPaymentService(contextOf(c)).getSubscription(
      c.req.valid('param').id,
      caller,
    );
    return c.json(subscription, 200);
  });

  app.openapi(cancelSubscriptionRoute, async (c) => {
    const caller = requireIdentity(c);
    const { id } = c.req.valid('param');
    await createPaymentService(contextOf(c)).cancelSubscription(id, caller);
    return c.body(null, 204);
  });
}
