import { jsonContent, problemResponses, type ServiceApp } from '@edu/platform/http';
import { createRoute, z } from '@hono/zod-openapi';
import { inRequest, type PaymentsDeps } from '../../operations/context.ts';
import { receiveProviderWebhook } from '../../operations/provider-events.ts';

const route = createRoute({
  method: 'post',
  path: '/api/v1/payments/webhooks/stripe',
  tags: ['Payments'],
  summary: 'Stripe webhook endpoint (called by Stripe, verified by its signature)',
  description:
    'The Stripe-Signature header is checked over the raw body; replays of one event id change nothing.',
  request: { headers: z.object({ 'stripe-signature': z.string().optional() }) },
  responses: {
    200: jsonContent(z.object({ received: z.literal(true), outcome: z.string() }), 'Accepted'),
    ...problemResponses(
      ['bad_request', 'The signature does not verify, or the body is not a Stripe event'],
      ['not_found', 'Stripe is not the payment provider here'],
    ),
  },
});

export function registerStripeWebhook(app: ServiceApp, deps: PaymentsDeps) {
  app.openapi(route, async (c) => {
    // The signature covers the exact bytes Stripe sent, so the body is read raw, never re-serialised.
    const outcome = await receiveProviderWebhook(inRequest(deps, c), {
      rawBody: await c.req.text(),
      signature: c.req.header('stripe-signature') ?? null,
    });
    return c.json({ received: true as const, outcome }, 200);
  });
}
