import type { Cache } from '@edu/platform/cache';
import { type AppEnv, AppError, requireIdentity } from '@edu/platform/http';
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { issueTicket } from '../realtime/tickets.ts';
import { PROTECTED_ERRORS, problem } from './problems.ts';

const TicketSchema = z
  .object({ ticket: z.string(), expiresIn: z.number().int().openapi({ description: 'Seconds' }) })
  .openapi('RealtimeTicket');

const ticketRoute = createRoute({
  method: 'post',
  path: '/api/v1/realtime/ticket',
  tags: ['Realtime'],
  summary: 'A one-time ticket to open the realtime WebSocket',
  description: 'Single use, valid for at most 60 s. Pass it as `?ticket=` to GET /api/v1/realtime.',
  responses: {
    201: { description: 'The ticket', content: { 'application/json': { schema: TicketSchema } } },
    ...PROTECTED_ERRORS,
  },
});

const socketRoute = createRoute({
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
    400: problem('Not a WebSocket upgrade request'),
    401: problem('The ticket is missing, unknown, used or expired'),
  },
});

export function registerRealtimeRoutes(app: OpenAPIHono<AppEnv>, cache: Cache) {
  app.openapi(ticketRoute, async (c) => {
    const caller = requireIdentity(c);
    return c.json(await issueTicket(cache, caller.sub), 201);
  });

  // The upgrade itself is done by the server that owns the sockets (see realtime/bun-endpoint.ts);
  // a request that gets here was not an upgrade, or came through a path that cannot upgrade.
  app.openapi(socketRoute, () => {
    throw new AppError('bad_request', 'Open this endpoint as a WebSocket (Upgrade: websocket)');
  });
}
