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
import { updateWebhookSubscription } from '../../operations/partner-webhooks.ts';
import { IdParamsSchema } from '../schemas.ts';
import {
  ChangeWebhookSubscriptionSchema,
  PARTNER_WEBHOOK_TAGS,
  PARTNER_WEBHOOKS_DESCRIPTION,
  toWebhookSubscription,
  WebhookSubscriptionSchema,
} from './schemas.ts';

const route = createRoute({
  method: 'patch',
  path: '/api/v1/partner/webhooks/{id}',
  tags: PARTNER_WEBHOOK_TAGS,
  summary: 'Change the URL, events, description or active flag of a subscription',
  description: `${PARTNER_WEBHOOKS_DESCRIPTION} An inactive subscription gets no new deliveries.`,
  security: BEARER_SECURITY,
  request: { params: IdParamsSchema, body: jsonBody(ChangeWebhookSubscriptionSchema) },
  responses: {
    200: jsonContent(WebhookSubscriptionSchema, 'The changed subscription'),
    ...problemResponses('validation_failed', 'unauthorized', 'forbidden', 'not_found'),
  },
});

export function registerUpdateWebhookSubscription(app: ServiceApp, deps: NotificationsDeps) {
  app.openapi(route, async (c) => {
    const partner = requirePartnerScope(c, 'webhooks:manage');
    const { id } = c.req.valid('param');
    const row = await updateWebhookSubscription(deps, partner.sub, id, c.req.valid('json'));
    return c.json(toWebhookSubscription(row), 200);
  });
}
