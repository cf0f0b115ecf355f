import { pageSchema } from '@edu/platform/http';
import { z } from '@hono/zod-openapi';
import type { NotificationDto } from '../../domain/notification.ts';
import { IdPageQuerySchema } from '../schemas.ts';

/** A notification as clients see it (docs/API.md, Notifications). */
export const NotificationSchema = z
  .object({
    id: z.string(),
    type: z.string(),
    title: z.string(),
    body: z.string(),
    data: z.record(z.string(), z.unknown()),
    readAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi('Notification') satisfies z.ZodType<NotificationDto>;

export const NotificationListQuerySchema = z.object({
  unread: z
    .enum(['true', 'false'])
    .optional()
    .transform((value) => value === 'true')
    .openapi({ description: 'Only notifications not read yet' }),
  ...IdPageQuerySchema.shape,
});

export const NotificationPageSchema = pageSchema(NotificationSchema).openapi('NotificationPage');
