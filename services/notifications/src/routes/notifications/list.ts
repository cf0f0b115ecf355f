import { jsonContent, problemResponses, requireIdentity, type ServiceApp } from '@edu/platform/http';
import { createRoute } from '@hono/zod-openapi';
import type { NotificationsDeps } from '../../operations/deps.ts';
import { listNotifications } from '../../operations/notifications.ts';
import { NotificationListQuerySchema, NotificationPageSchema } from './schemas.ts';

const route = createRoute({
  method: 'get',
  path: '/api/v1/notifications',
  tags: ['Notifications'],
  summary: "The caller's in-app notifications, newest first",
  description: 'After a WebSocket reconnect, fetch this list to catch up on what was missed.',
  request: { query: NotificationListQuerySchema },
  responses: {
    200: jsonContent(NotificationPageSchema, 'One page'),
    ...problemResponses('validation_failed', 'unauthorized'),
  },
});

export function registerListNotifications(app: ServiceApp, deps: NotificationsDeps) {
  app.openapi(route, async (c) => {
    const caller = requireIdentity(c);
    return c.json(await listNotifications(deps.db, caller.sub, c.req.valid('query')), 200);
  });
}
