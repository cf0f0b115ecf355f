import { type AppEnv, AppError } from '@edu/platform/http';
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { WebhookSignatureError } from '../providers/provider.ts';
import type { PaymentsContext } from '../service/context.ts';
import { applyProviderEvent } from '../service/webhooks.ts';
import { problemResponses } from './schemas.ts';

const stripeWebhookRoute = createRoute({
  method: 'post',
  path: '/api/v1/payments/webhooks/stripe',
  tags: ['Payments'],
  summary: 'Stripe webhook endpoint (called by Stripe, verified by its signature)',
  description:
    'The Stripe-Signature header is checked over the raw body; replays of one event id change nothing.',
  request: { headers: z.object({ 'stripe-signature': z.string().optional() }) },
  responses: {
    200: {
      description: 'Accepted',
      content: {
        'application/json': { schema: z.object({ received: z.literal(true), outcome: z.string() }) },
      },
    },
    ...problemResponses(400, 404),
  },
});

export function registerStripeWebhookRoutes(
  app: OpenAPIHono<AppEnv>,
  contextOf: (c: Context<AppEnv>) => PaymentsContext,
) {
  app.openapi(stripeWebhookRoute, async (c) => {
    const ctx = contextOf(c);
    if (!ctx.provider.parseWebhook)
      throw new AppError('not_found', 'Stripe is not the payment provider here');
    // The signature covers the exact bytes Stripe sent, so the body is read raw, never re-serialised.
    const rawBody = await c.req.text();
    let event: Awaited<ReturnType<NonNullable<typeof ctx.provider.parseWebhook>>>;
    try {
      event = await ctx.provider.parseWebhook(rawBody, c.req.header('stripe-signature') ?? null);
    } catch (error) {
      if (error instanceof WebhookSignatureError) throw new AppError('bad_request', error.message);
      ctx.log.warn('stripe webhook could not be read', { error });
      throw new AppError('bad_request', 'The webhook payload is not a Stripe event');
    }
    const outcome = await applyProviderEvent(ctx, event);
    ctx.log.info('stripe webhook', { eventId: event.eventId, type: event.type, outcome });
    return c.json({ received: true as const, outcome }, 200);
  });
}
