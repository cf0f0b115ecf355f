import { WebhookEventTypeSchema } from '@edu/contracts';
import { pageSchema } from '@edu/platform/http';
import { z } from '@hono/zod-openapi';

/** One event's delivery to one subscription, with its last attempt. */
export const WebhookDeliverySchema = z
  .object({
    id: z.string(),
    eventId: z.string().openapi({ description: 'The `Edu-Webhook-Id` header; the same on every retry' }),
    eventType: WebhookEventTypeSchema,
    status: z.enum(['pending', 'succeeded', 'failed']),
    attempts: z.number().int(),
    lastStatusCode: z.number().int().nullable(),
    lastError: z.string().nullable(),
    lastDurationMs: z.number().int().nullable(),
    lastResponseBody: z
      .string()
      .nullable()
      .openapi({ description: "At most 1 KiB of the receiver's answer" }),
    nextAttemptAt: z
      .string()
      .nullable()
      .openapi({ description: 'When the next try is due; null unless pending' }),
    lastAttemptAt: z.string().nullable(),
    createdAt: z.string(),
    deliveredAt: z.string().nullable(),
  })
  .openapi('WebhookDelivery');

export const WebhookDeliveryPageSchema = pageSchema(WebhookDeliverySchema).openapi('WebhookDeliveryPage');

const iso = (date: Date | null) => date?.toISOString() ?? null;

/** A stored delivery as the log shows it: when the next try is due only while it is pending. */
export function toWebhookDelivery(row: {
  id: string;
  eventId: string;
  eventType: string;
  status: 'pending' | 'succeeded' | 'failed';
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  lastDurationMs: number | null;
  lastResponseBody: string | null;
  nextAttemptAt: Date;
  lastAttemptAt: Date | null;
  createdAt: Date;
  deliveredAt: Date | null;
}): z.infer<typeof WebhookDeliverySchema> {
  return {
    id: row.id,
    eventId: row.eventId,
    eventType: WebhookEventTypeSchema.parse(row.eventType),
    status: row.status,
    attempts: row.attempts,
    lastStatusCode: row.lastStatusCode,
    lastError: row.lastError,
    lastDurationMs: row.lastDurationMs,
    lastResponseBody: row.lastResponseBody,
    nextAttemptAt: row.status === 'pending' ? row.nextAttemptAt.toISOString() : null,
    lastAttemptAt: iso(row.lastAttemptAt),
    createdAt: row.createdAt.toISOString(),
    deliveredAt: iso(row.deliveredAt),
  };
}
