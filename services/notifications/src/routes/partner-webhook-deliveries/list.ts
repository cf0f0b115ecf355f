import {
  BEARER_SECURITY,
  jsonContent,
  problemResponses,
  requirePartnerScope,
  type ServiceApp,
} from '@edu/platform/http';
import { createRoute } from '@hono/zod-openapi';
import type { NotificationsDeps } from '../../operations/deps.ts';
import { listWebhookDeliveries } from '../../operations/webhook-deliveries.ts';
import { PARTNER_WEBHOOK_TAGS } from '../partner-webhooks/schemas.ts';
import { IdPageQuerySchema, IdParamsSchema } from '../schemas.ts';
import { toWebhookDelivery, WebhookDeliveryPageSchema } from './schemas.ts';

const route = createRoute({
  method: 'get',
  path: '/api/v1/partner/webhooks/{id}/deliveries',
  tags: PARTNER_WEBHOOK_TAGS,
  summary: 'The delivery log of a subscription, newest first',
  description:
    'Every event sent (or being sent) to the subscription: status, attempts, and the last attempt’s ' +
    'status code, error, duration and the first 1 KiB of the answer. Scope `webhooks:manage`; own subscriptions only.',
  security: BEARER_SECURITY,
  request: { params: IdParamsSchema, query: IdPageQuerySchema },
  responses: {
    200: jsonContent(WebhookDeliveryPageSchema, 'One page'),
    ...problemResponses('validation_failed', 'unauthorized', 'forbidden', 'not_found'),
  },
});

export function registerListWebhookDeliveries(app: ServiceApp, deps: NotificationsDeps) {
  app.openapi(route, async (c) => {
    const partner = requirePartnerScope(c, 'webhooks:manage');
    const { id } = c.req.valid('param');
    const page = await listWebhookDeliveries(deps.db, partner.sub, id, c.req.valid('query'));
    return c.json({ items: page.items.map(toWebhookDelivery), nextCursor: page.nextCursor }, 200);
  });
}
