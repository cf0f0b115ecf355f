import { jsonContent, problemResponses, requireIdentity, type ServiceApp } from '@edu/platform/http';
import { createRoute } from '@hono/zod-openapi';
import type { NotificationsDeps } from '../../operations/deps.ts';
import { markNotificationRead } from '../../operations/notifications.ts';
import { IdParamsSchema } from '../schemas.ts';
import { NotificationSchema } from './schemas.ts';

const route = createRoute({
  method: 'post',
  path: '/api/v1/notifications/{id}/read',
  tags: ['Notifications'],
  summary: 'Mark a notification as read',
  request: { params: IdParamsSchema },
  responses: {
    200: jsonContent(NotificationSchema, 'The notification with readAt'),
    ...problemResponses('validation_failed', 'unauthorized', [
      'not_found',
      "No such notification of the caller's",
    ]),
  },
});

export function registerMarkNotificationRead(app: ServiceApp, deps: NotificationsDeps) {
  app.openapi(route, async (c) => {
    const caller = requireIdentity(c);
    return c.json(await markNotificationRead(deps.db, caller.sub, c.req.valid('param').id), 200);
  });
}
