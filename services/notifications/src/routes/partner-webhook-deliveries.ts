import { IdSchema } from '@edu/contracts';
import type { Database } from '@edu/platform/db';
import {
  type AppEnv,
  AppError,
  BEARER_SECURITY,
  PageLimitSchema,
  problemResponses,
  requirePartnerScope,
  toPage,
} from '@edu/platform/http';
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { and, desc, eq, lt, sql } from 'drizzle-orm';
import { webhookDeliveries } from '../db/schema.ts';
import { toWebhookDelivery, WebhookDeliverySchema } from '../domain/webhook-dto.ts';
import { findPartnerSubscription } from './partner-webhooks.ts';

const TAGS = ['Partner webhooks'];
const json = <Schema extends z.ZodType>(schema: Schema) => ({ 'application/json': { schema } });

const DeliveryPageSchema = z
  .object({ items: z.array(WebhookDeliverySchema), nextCursor: z.string().nullable() })
  .openapi('WebhookDeliveryPage');

const listRoute = createRoute({
  method: 'get',
  path: '/api/v1/partner/webhooks/{id}/deliveries',
  tags: TAGS,
  summary: 'The delivery log of a subscription, newest first',
  description:
    'Every event sent (or being sent) to the subscription: status, attempts, and the last attempt’s ' +
    'status code, error, duration and the first 1 KiB of the answer. Scope `webhooks:manage`; own subscriptions only.',
  security: BEARER_SECURITY,
  request: {
    params: z.object({ id: IdSchema }),
    query: z.object({
      limit: PageLimitSchema,
      cursor: IdSchema.optional().openapi({ description: 'nextCursor of the previous page' }),
    }),
  },
  responses: {
    200: { description: 'One page', content: json(DeliveryPageSchema) },
    ...problemResponses('validation_failed', 'unauthorized', 'forbidden', 'not_found'),
  },
});

const redeliverRoute = createRoute({
  method: 'post',
  path: '/api/v1/partner/webhooks/{id}/deliveries/{deliveryId}/redeliver',
  tags: TAGS,
  summary: 'Send a delivery again now, with the same event id',
  description:
    'Queues the delivery for an immediate attempt (within about a second), whatever its status. ' +
    'It keeps its `Edu-Webhook-Id`, so a receiver that already handled it can ignore it. A failed ' +
    'delivery gets one more try; a pending one keeps its remaining retries.',
  security: BEARER_SECURITY,
  request: { params: z.object({ id: IdSchema, deliveryId: IdSchema }) },
  responses: {
    202: { description: 'Queued', content: json(WebhookDeliverySchema) },
    ...problemResponses('validation_failed', 'unauthorized', 'forbidden', 'not_found'),
  },
});

export function registerPartnerWebhookDeliveryRoutes(app: OpenAPIHono<AppEnv>, db: Database) {
  app.openapi(listRoute, async (c) => {
    const partner = requirePartnerScope(c, 'webhooks:manage');
    const { id } = c.req.valid('param');
    const query = c.req.valid('query');
    await findPartnerSubscription(db, partner.sub, id);
    // Ids are UUIDv7: id order is creation order, and the last id is a stable cursor.
    const rows = await db
      .select()
      .from(webhookDeliveries)
      .where(
        and(
          eq(webhookDeliveries.subscriptionId, id),
          query.cursor ? lt(webhookDeliveries.id, query.cursor) : undefined,
        ),
      )
      .orderBy(desc(webhookDeliveries.id))
      .limit(query.limit + 1);
    const page = toPage(rows, query.limit);
    return c.json({ items: page.items.map(toWebhookDelivery), nextCursor: page.nextCursor }, 200);
  });

  app.openapi(redeliverRoute, async (c) => {
    const partner = requirePartnerScope(c, 'webhooks:manage');
    const { id, deliveryId } = c.req.valid('param');
    await findPartnerSubscription(db, partner.sub, id);
    const now = new Date();
    // Due now; a delivery past its retry window gets exactly this one more try.
    const [row] = await db
      .update(webhookDeliveries)
      .set({
        status: 'pending',
        nextAttemptAt: now,
        retryUntil: sql`greatest(${webhookDeliveries.retryUntil}, ${now.toISOString()}::timestamptz)`,
      })
      .where(and(eq(webhookDeliveries.id, deliveryId), eq(webhookDeliveries.subscriptionId, id)))
      .returning();
    if (!row) throw new AppError('not_found', 'No such delivery of this subscription');
    return c.json(toWebhookDelivery(row), 202);
  });
}
