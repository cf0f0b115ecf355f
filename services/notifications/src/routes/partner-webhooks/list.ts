import {
  BEARER_SECURITY,
  jsonContent,
  problemResponses,
  requirePartnerScope,
  type ServiceApp,
} from '@edu/platform/http';
import { createRoute } from '@hono/zod-openapi';
import type { NotificationsDeps } from '../../operations/deps.ts';
import { listWebhookSubscriptions } from '../../operations/partner-webhooks.ts';
import { IdPageQuerySchema } from '../schemas.ts';
import {
  PARTNER_WEBHOOK_TAGS,
  PARTNER_WEBHOOKS_DESCRIPTION,
  toWebhookSubscription,
  WebhookSubscriptionPageSchema,
} from './schemas.ts';

const route = createRoute({
  method: 'get',
  path: '/api/v1/partner/webhooks',
  tags: PARTNER_WEBHOOK_TAGS,
  summary: "The partner's webhook subscriptions, newest first",
  description: PARTNER_WEBHOOKS_DESCRIPTION,
  security: BEARER_SECURITY,
  request: { query: IdPageQuerySchema },
  responses: {
    200: jsonContent(WebhookSubscriptionPageSchema, 'One page'),
    ...problemResponses('validation_failed', 'unauthorized', 'forbidden'),
  },
});

export function registerListWebhookSubscriptions(app: ServiceApp, deps: NotificationsDeps) {
  app.openapi(route, async (c) => {
    const partner = requirePartnerScope(c, 'webhooks:manage');
    const page = await listWebhookSubscriptions(deps.db, partner.sub, c.req.valid('query'));
    return c.json({ items: page.items.map(toWebhookSubscription), nextCursor: page.nextCursor }, 200);
  });
}
