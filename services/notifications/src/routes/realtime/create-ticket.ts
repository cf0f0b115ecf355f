import { jsonContent, problemResponses, requireIdentity, type ServiceApp } from '@edu/platform/http';
import { createRoute, z } from '@hono/zod-openapi';
import type { NotificationsDeps } from '../../operations/deps.ts';
import { issueRealtimeTicket } from '../../operations/realtime.ts';

const TicketSchema = z
  .object({ ticket: z.string(), expiresIn: z.number().int().openapi({ description: 'Seconds' }) })
  .openapi('RealtimeTicket');

const route = createRoute({
  method: 'post',
  path: '/api/v1/realtime/ticket',
  tags: ['Realtime'],
  summary: 'A one-time ticket to open the realtime WebSocket',
  description: 'Single use, valid for at most 60 s. Pass it as `?ticket=` to GET /api/v1/realtime.',
  responses: {
    201: jsonContent(TicketSchema, 'The ticket'),
    ...problemResponses('validation_failed', 'unauthorized'),
  },
});

export function registerCreateRealtimeTicket(app: ServiceApp, deps: NotificationsDeps) {
  app.openapi(route, async (c) => {
    const caller = requireIdentity(c);
    return c.json(await issueRealtimeTicket(deps, caller.sub), 201);
  });
}
