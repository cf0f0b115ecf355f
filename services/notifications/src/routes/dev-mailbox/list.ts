import { jsonContent, problemResponses, type ServiceApp } from '@edu/platform/http';
import { createRoute, z } from '@hono/zod-openapi';
import type { NotificationsDeps } from '../../operations/deps.ts';
import { listMailbox } from '../../operations/dev-mailbox.ts';
import { DEV_TAGS, MailSchema } from './schemas.ts';

const route = createRoute({
  method: 'get',
  path: '/api/v1/notifications/dev/mailbox',
  tags: DEV_TAGS,
  summary: 'The dev mailbox: every email sent while MAIL_TRANSPORT=dev, newest first',
  request: { query: z.object({ to: z.string().optional() }) },
  responses: {
    200: jsonContent(z.object({ items: z.array(MailSchema) }), 'The messages'),
    ...problemResponses(['validation_failed', 'The query is malformed (e.g. `to` given twice)']),
  },
});

/**
 * Every user's mail, unauthenticated: app.ts registers it only while mail stays in the dev
 * mailbox of the embedded topology; with a real transport the route does not exist (404).
 */
export function registerListDevMailbox(app: ServiceApp, deps: NotificationsDeps) {
  app.openapi(route, async (c) => {
    const rows = await listMailbox(deps.db, c.req.valid('query'));
    return c.json({ items: rows.map((row) => ({ ...row, createdAt: row.createdAt.toISOString() })) }, 200);
  });
}
