import { WebhookEventTypeSchema, WITHOUT_NUL } from '@edu/contracts';
import { pageSchema } from '@edu/platform/http';
import { z } from '@hono/zod-openapi';

export const PARTNER_WEBHOOK_TAGS = ['Partner webhooks'];

export const PARTNER_WEBHOOKS_DESCRIPTION =
  'Partner API clients only (client credentials token with the `webhooks:manage` scope); a partner ' +
  "sees only its own subscriptions, another partner's answer 404. Deliveries are signed: see the " +
  'README, "Partner webhooks", for the headers and how to verify them.';

const UrlSchema = z.string().min(1).max(2048).openapi({
  description: 'Where deliveries are POSTed: https, on a public address',
  example: 'https://partner.example/hooks/edu',
});
const EventsSchema = z
  .array(WebhookEventTypeSchema)
  .min(1)
  .max(WebhookEventTypeSchema.options.length * 2)
  .openapi({ example: ['course.published', 'course.completed'] });
const DescriptionSchema = z.string().max(500).regex(WITHOUT_NUL, 'must not contain NUL characters');

export const CreateWebhookSubscriptionSchema = z
  .object({ url: UrlSchema, events: EventsSchema, description: DescriptionSchema.optional() })
  .openapi('WebhookSubscriptionCreate');

export const ChangeWebhookSubscriptionSchema = z
  .object({
    url: UrlSchema.optional(),
    events: EventsSchema.optional(),
    description: DescriptionSchema.nullable().optional(),
    active: z.boolean().optional(),
  })
  .openapi('WebhookSubscriptionChange', { example: { active: false } });

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

export const WebhookSubscriptionPageSchema =
  pageSchema(WebhookSubscriptionSchema).openapi('WebhookSubscriptionPage');

/** A stored subscription as the API shows it: its secret left out, unknown event types dropped. */
export function toWebhookSubscription(row: {
  id: string;
  url: string;
  events: string[];
  description: string | null;
  active: boolean;
  createdAt: Date;
  updatedAt: Date;
}): z.infer<typeof WebhookSubscriptionSchema> {
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
