import { BEARER_SECURITY, problemResponses, requirePartnerScope, type ServiceApp } from '@edu/platform/http';
import { createRoute } from '@hono/zod-openapi';
import type { NotificationsDeps } from '../../operations/deps.ts';
import { deleteWebhookSubscription } from '../../operations/partner-webhooks.ts';
import { IdParamsSchema } from '../schemas.ts';
import { PARTNER_WEBHOOK_TAGS, PARTNER_WEBHOOKS_DESCRIPTION } from './schemas.ts';

const route = createRoute({
  method: 'delete',
  path: '/api/v1/partner/webhooks/{id}',
  tags: PARTNER_WEBHOOK_TAGS,
  summary: 'Delete a subscription and its delivery log',
  description: PARTNER_WEBHOOKS_DESCRIPTION,
  security: BEARER_SECURITY,
  request: { params: IdParamsSchema },
  responses: {
    204: { description: 'Deleted' },
    ...problemResponses('validation_failed', 'unauthorized', 'forbidden', 'not_found'),
  },
});

export function registerDeleteWebhookSubscription(app: ServiceApp, deps: NotificationsDeps) {
  app.openapi(route, async (c) => {
    const partner = requirePartnerScope(c, 'webhooks:manage');
    await deleteWebhookSubscription(deps.db, partner.sub, c.req.valid('param').id);
    return c.body(null, 204);
  });
}
