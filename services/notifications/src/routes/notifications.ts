import { WITHOUT_NUL } from '@edu/contracts';
import type { Database } from '@edu/platform/db';
import { type AppEnv, AppError, PageLimitSchema, requireIdentity, toPage } from '@edu/platform/http';
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { and, desc, eq, isNull, lt } from 'drizzle-orm';
import { notifications } from '../db/schema.ts';
import { NotificationSchema, toNotificationDto } from '../domain/notification-dto.ts';
import { PROTECTED_ERRORS, problem } from './problems.ts';

const ListQuerySchema = z.object({
  unread: z
    .enum(['true', 'false'])
    .optional()
    .transform((value) => value === 'true')
    .openapi({ description: 'Only notifications not read yet' }),
  limit: PageLimitSchema,
  cursor: z
    .string()
    .min(1)
    .max(64)
    .regex(WITHOUT_NUL, 'must not contain NUL characters')
    .optional()
    .openapi({ description: 'nextCursor of the previous page' }),
});

const NotificationPageSchema = z
  .object({ items: z.array(NotificationSchema), nextCursor: z.string().nullable() })
  .openapi('NotificationPage');

const listRoute = createRoute({
  method: 'get',
  path: '/api/v1/notifications',
  tags: ['Notifications'],
  summary: "The caller's in-app notifications, newest first",
  description: 'After a WebSocket reconnect, fetch this list to catch up on what was missed.',
  request: { query: ListQuerySchema },
  responses: {
    200: { description: 'One page', content: { 'application/json': { schema: NotificationPageSchema } } },
    ...PROTECTED_ERRORS,
  },
});

const readRoute = createRoute({
  method: 'post',
  path: '/api/v1/notifications/{id}/read',
  tags: ['Notifications'],
  summary: 'Mark a notification as read',
  request: {
    params: z.object({ id: z.string().min(1).max(64).regex(WITHOUT_NUL, 'must not contain NUL characters') }),
  },
  responses: {
    200: {
      description: 'The notification with readAt',
      content: { 'application/json': { schema: NotificationSchema } },
    },
    ...PROTECTED_ERRORS,
    404: problem("No such notification of the caller's"),
  },
});

export function registerNotificationRoutes(app: OpenAPIHono<AppEnv>, db: Database) {
  app.openapi(listRoute, async (c) => {
    const caller = requireIdentity(c);
    const query = c.req.valid('query');
    // Ids are UUIDv7, so id order is creation order and the last id is a stable cursor.
    const rows = await db
      .select()
      .from(notifications)
      .where(
        and(
          eq(notifications.userId, caller.sub),
          eq(notifications.inApp, true),
          query.unread ? isNull(notifications.readAt) : undefined,
          query.cursor ? lt(notifications.id, query.cursor) : undefined,
        ),
      )
      .orderBy(desc(notifications.id))
      .limit(query.limit + 1);
    const page = toPage(rows, query.limit);
    return c.json({ items: page.items.map(toNotificationDto), nextCursor: page.nextCursor }, 200);
  });

  app.openapi(readRoute, async (c) => {
    const caller = requireIdentity(c);
    const { id } = c.req.valid('param');
    const mine = and(
      eq(notifications.id, id),
      eq(notifications.userId, caller.sub),
      eq(notifications.inApp, true),
    );
    // Reading twice keeps the first readAt.
    await db
      .update(notifications)
      .set({ readAt: new Date() })
      .where(and(mine, isNull(notifications.readAt)));
    const [row] = await db.select().from(notifications).where(mine).limit(1);
    if (!row) throw new AppError('not_found', 'No such notification');
    return c.json(toNotificationDto(row), 200);
  });
}
