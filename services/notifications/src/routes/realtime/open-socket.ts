import { AppError, problemResponses, type ServiceApp } from '@edu/platform/http';
import { createRoute, z } from '@hono/zod-openapi';
import type { NotificationsDeps } from '../../operations/deps.ts';

const route = createRoute({
  method: 'get',
  path: '/api/v1/realtime',
  tags: ['Realtime'],
  summary: 'Open the realtime WebSocket',
  description:
    'A WebSocket upgrade. Server messages are JSON `{ "type": "notification", "data": Notification }` and ' +
    '`{ "type": "progress", "data": {...} }`; the server pings every 25 s. After a reconnect, fetch ' +
    'GET /api/v1/notifications for what was missed.',
  request: { query: z.object({ ticket: z.string().optional() }) },
  responses: {
    101: { description: 'Switching protocols' },
    ...problemResponses(
      ['bad_request', 'Not a WebSocket upgrade request'],
      ['unauthorized', 'The ticket is missing, unknown, used or expired'],
    ),
  },
});

/**
 * The upgrade itself is done by the server that owns the sockets (the module's `sockets`,
 * adapters/realtime/socket.ts); a request that gets here was not an upgrade, or came through a
 * path that cannot upgrade.
 */
export function registerOpenRealtimeSocket(app: ServiceApp, _deps: NotificationsDeps) {
  app.openapi(route, () => {
    throw new AppError('bad_request', 'Open this endpoint as a WebSocket (Upgrade: websocket)');
  });
}
