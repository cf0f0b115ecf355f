import { IdSchema } from '@edu/contracts';
import {
  BEARER_SECURITY,
  jsonContent,
  problemResponses,
  requirePartnerScope,
  type ServiceApp,
} from '@edu/platform/http';
import { createRoute } from '@hono/zod-openapi';
import type { NotificationsDeps } from '../../operations/deps.ts';
import { redeliverWebhook } from '../../operations/webhook-deliveries.ts';
import { PARTNER_WEBHOOK_TAGS } from '../partner-webhooks/schemas.ts';
import { IdParamsSchema } from '../schemas.ts';
import { toWebhookDelivery, WebhookDeliverySchema } from './schemas.ts';

const route = createRoute({
  method: 'post',
  path: '/api/v1/partner/webhooks/{id}/deliveries/{deliveryId}/redeliver',
  tags: PARTNER_WEBHOOK_TAGS,
  summary: 'Send a delivery again now, with the same event id',
  description:
    'Queues the delivery for an immediate attempt (within about a second), whatever its status. ' +
    'It keeps its `Edu-Webhook-Id`, so a receiver that already handled it can ignore it. A failed ' +
    'delivery gets one more try; a pending one keeps its remaining retries.',
  security: BEARER_SECURITY,
  request: { params: IdParamsSchema.extend({ deliveryId: IdSchema }) },
  responses: {
    202: jsonContent(WebhookDeliverySchema, 'Queued'),
    ...problemResponses('validation_failed', 'unauthorized', 'forbidden', 'not_found'),
  },
});

export function registerRedeliverWebhook(app: ServiceApp, deps: NotificationsDeps) {
  app.openapi(route, async (c) => {
    const partner = requirePartnerScope(c, 'webhooks:manage');
    const { id, deliveryId } = c.req.valid('param');
    return c.json(toWebhookDelivery(await redeliverWebhook(deps.db, partner.sub, id, deliveryId)), 202);
  });
}
