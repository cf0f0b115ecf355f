import {
  BEARER_SECURITY,
  jsonContent,
  problemResponses,
  requirePartnerScope,
  type ServiceApp,
} from '@edu/platform/http';
import { createRoute } from '@hono/zod-openapi';
import type { NotificationsDeps } from '../../operations/deps.ts';
import { findPartnerSubscription } from '../../operations/partner-webhooks.ts';
import { IdParamsSchema } from '../schemas.ts';
import {
  PARTNER_WEBHOOK_TAGS,
  PARTNER_WEBHOOKS_DESCRIPTION,
  toWebhookSubscription,
  WebhookSubscriptionSchema,
} from './schemas.ts';

const route = createRoute({
  method: 'get',
  path: '/api/v1/partner/webhooks/{id}',
  tags: PARTNER_WEBHOOK_TAGS,
  summary: 'One webhook subscription',
  description: PARTNER_WEBHOOKS_DESCRIPTION,
  security: BEARER_SECURITY,
  request: { params: IdParamsSchema },
  responses: {
    200: jsonContent(WebhookSubscriptionSchema, 'The subscription'),
    ...problemResponses('validation_failed', 'unauthorized', 'forbidden', 'not_found'),
  },
});

export function registerGetWebhookSubscription(app: ServiceApp, deps: NotificationsDeps) {
  app.openapi(route, async (c) => {
    const partner = requirePartnerScope(c, 'webhooks:manage');
    const row = await findPartnerSubscription(deps.db, partner.sub, c.req.valid('param').id);
    return c.json(toWebhookSubscription(row), 200);
  });
}
