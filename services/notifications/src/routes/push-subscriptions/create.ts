import {
  jsonBody,
  jsonContent,
  problemResponses,
  requireIdentity,
  type ServiceApp,
} from '@edu/platform/http';
import { createRoute } from '@hono/zod-openapi';
import type { NotificationsDeps } from '../../operations/deps.ts';
import { registerPushSubscription } from '../../operations/push-subscriptions.ts';
import { PushSubscriptionSchema } from './schemas.ts';

const route = createRoute({
  method: 'post',
  path: '/api/v1/notifications/push-subscriptions',
  tags: ['Notifications'],
  summary: 'Register a Web Push subscription of this browser',
  request: { body: jsonBody(PushSubscriptionSchema) },
  responses: {
    201: jsonContent(PushSubscriptionSchema, 'Registered'),
    ...problemResponses('validation_failed', 'unauthorized'),
  },
});

export function registerCreatePushSubscription(app: ServiceApp, deps: NotificationsDeps) {
  app.openapi(route, async (c) => {
    const caller = requireIdentity(c);
    return c.json(await registerPushSubscription(deps, caller.sub, c.req.valid('json')), 201);
  });
}
