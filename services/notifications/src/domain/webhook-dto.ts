import { WebhookEventTypeSchema } from '@edu/contracts';
import { z } from '@hono/zod-openapi';
import type { webhookDeliveries, webhookSubscriptions } from '../db/schema.ts';

/** A partner's webhook subscription as the API shows it (never with its secret, but when created). */
export const WebhookSubscriptionSchema = z
  .object({
    id: z.string(),
    url: z.string(),
    events: z.array(WebhookEventTypeSchema),
    description: z.string().nullable(),
    active: z.boolean(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('WebhookSubscription', {
    example: {
      id: '01936c2e-7f3a-7cc1-9e0b-2f1e8a6b4c10',
      url: 'https://partner.example/hooks/edu',
      events: ['course.completed'],
      description: 'LMS sync',
      active: true,
      createdAt: '2026-11-24T12:00:00.000Z',
      updatedAt: '2026-11-24T12:00:00.000Z',
    },
  });

export const CreatedWebhookSubscriptionSchema = WebhookSubscriptionSchema.extend({
  secret: z.string().openapi({
    description: 'The signing secret (`whsec_…`). Shown only in this response: store it now.',
    example: 'whsec_8hX2rS1d4u0pQ3v9yZ7kLmNoPqRsTuVwXyZaBcDeFgH',
  }),
}).openapi('CreatedWebhookSubscription');

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

const iso = (date: Date | null) => date?.toISOString() ?? null;

export function toWebhookSubscription(
  row: typeof webhookSubscriptions.$inferSelect,
): z.infer<typeof WebhookSubscriptionSchema> {
  return {
    id: row.id,
    url: row.url,
    events: row.events.flatMap((event) => {
      const parsed = WebhookEventTypeSchema.safeParse(event);
      return parsed.success ? [parsed.data] : [];
    }),
    description: row.description,
    active: row.active,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function toWebhookDelivery(
  row: typeof webhookDeliveries.$inferSelect,
): z.infer<typeof WebhookDeliverySchema> {
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
