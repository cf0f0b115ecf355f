import {
  BEARER_SECURITY,
  jsonBody,
  jsonContent,
  problemResponses,
  requirePartnerScope,
  type ServiceApp,
} from '@edu/platform/http';
import { createRoute } from '@hono/zod-openapi';
import type { NotificationsDeps } from '../../operations/deps.ts';
import { createWebhookSubscription } from '../../operations/partner-webhooks.ts';
import {
  CreatedWebhookSubscriptionSchema,
  CreateWebhookSubscriptionSchema,
  PARTNER_WEBHOOK_TAGS,
  PARTNER_WEBHOOKS_DESCRIPTION,
  toWebhookSubscription,
} from './schemas.ts';

const route = createRoute({
  method: 'post',
  path: '/api/v1/partner/webhooks',
  tags: PARTNER_WEBHOOK_TAGS,
  summary: 'Subscribe a URL to webhook events',
  description: `${PARTNER_WEBHOOKS_DESCRIPTION} The response carries the signing secret; it is never shown again.`,
  security: BEARER_SECURITY,
  request: { body: jsonBody(CreateWebhookSubscriptionSchema) },
  responses: {
    201: jsonContent(CreatedWebhookSubscriptionSchema, 'Subscribed'),
    ...problemResponses('validation_failed', 'unauthorized', 'forbidden', 'conflict'),
  },
});

export function registerCreateWebhookSubscription(app: ServiceApp, deps: NotificationsDeps) {
  app.openapi(route, async (c) => {
    const partner = requirePartnerScope(c, 'webhooks:manage');
    const row = await createWebhookSubscription(deps, partner.sub, c.req.valid('json'));
    return c.json({ ...toWebhookSubscription(row), secret: row.secret }, 201);
  });
}
