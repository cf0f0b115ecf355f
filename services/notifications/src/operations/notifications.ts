import type { Database } from '@edu/platform/db';
import { AppError, toPage } from '@edu/platform/http';
import { and, desc, eq, isNull, lt } from 'drizzle-orm';
import { notifications } from '../db/schema.ts';
import { type NotificationDto, toNotificationDto } from '../domain/notification.ts';

/** One page of the user's in-app feed, newest first; `unread` keeps only those not read yet. */
export async function listNotifications(
  db: Database,
  userId: string,
  query: { unread: boolean; limit: number; cursor?: string | undefined },
): Promise<{ items: NotificationDto[]; nextCursor: string | null }> {
  // Ids are UUIDv7, so id order is creation order and the last id is a stable cursor.
  const rows = await db
    .select()
    .from(notifications)
    .where(
      and(
        eq(notifications.userId, userId),
        eq(notifications.inApp, true),
        query.unread ? isNull(notifications.readAt) : undefined,
        query.cursor ? lt(notifications.id, query.cursor) : undefined,
      ),
    )
    .orderBy(desc(notifications.id))
    .limit(query.limit + 1);
  const page = toPage(rows, query.limit);
  return { items: page.items.map(toNotificationDto), nextCursor: page.nextCursor };
}

/** Marks one of the user's in-app notifications read (reading twice keeps the first readAt); 404 for anyone else's. */
export async function markNotificationRead(
  db: Database,
  userId: string,
  id: string,
): Promise<NotificationDto> {
  const mine = and(eq(notifications.id, id), eq(notifications.userId, userId), eq(notifications.inApp, true));
  await db
    .update(notifications)
    .set({ readAt: new Date() })
    .where(and(mine, isNull(notifications.readAt)));
  const [row] = await db.select().from(notifications).where(mine).limit(1);
  if (!row) throw new AppError('not_found', 'No such notification');
  return toNotificationDto(row);
}
