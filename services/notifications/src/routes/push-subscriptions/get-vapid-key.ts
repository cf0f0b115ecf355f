import { jsonContent, type ServiceApp } from '@edu/platform/http';
import { createRoute, z } from '@hono/zod-openapi';
import type { NotificationsDeps } from '../../operations/deps.ts';
import { vapidPublicKey } from '../../operations/push-subscriptions.ts';

const route = createRoute({
  method: 'get',
  path: '/api/v1/notifications/push-subscriptions/vapid-public-key',
  tags: ['Notifications'],
  summary: 'The VAPID public key browsers subscribe with (applicationServerKey)',
  responses: {
    200: jsonContent(z.object({ publicKey: z.string() }), 'The key, base64url'),
  },
});

export function registerGetVapidPublicKey(app: ServiceApp, deps: NotificationsDeps) {
  app.openapi(route, async (c) => c.json({ publicKey: await vapidPublicKey(deps) }, 200));
}
