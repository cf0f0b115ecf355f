import { IdSchema, newId, WebhookEventTypeSchema, WITHOUT_NUL } from '@edu/contracts';
import type { Database } from '@edu/platform/db';
import {
  type AppEnv,
  AppError,
  BEARER_SECURITY,
  PageLimitSchema,
  problemResponses,
  requirePartnerScope,
  toPage,
} from '@edu/platform/http';
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { and, count, desc, eq, lt } from 'drizzle-orm';
import { webhookSubscriptions } from '../db/schema.ts';
import {
  CreatedWebhookSubscriptionSchema,
  toWebhookSubscription,
  WebhookSubscriptionSchema,
} from '../domain/webhook-dto.ts';
import { newWebhookSecret } from '../domain/webhook-signature.ts';
import type { NotificationsRuntime } from '../runtime.ts';
import { checkWebhookTarget } from '../webhooks/target-guard.ts';

/** Enough for any integration; keeps one client from making us fan out without bound. */
export const MAX_SUBSCRIPTIONS_PER_PARTNER = 25;

const TAGS = ['Partner webhooks'];
const DESCRIPTION =
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

const CreateBodySchema = z
  .object({ url: UrlSchema, events: EventsSchema, description: DescriptionSchema.optional() })
  .openapi('WebhookSubscriptionCreate');
const PatchBodySchema = z
  .object({
    url: UrlSchema.optional(),
    events: EventsSchema.optional(),
    description: DescriptionSchema.nullable().optional(),
    active: z.boolean().optional(),
  })
  .openapi('WebhookSubscriptionChange', { example: { active: false } });

const IdParamsSchema = z.object({ id: IdSchema });
const ListQuerySchema = z.object({
  limit: PageLimitSchema,
  cursor: IdSchema.optional().openapi({ description: 'nextCursor of the previous page' }),
});
const SubscriptionPageSchema = z
  .object({ items: z.array(WebhookSubscriptionSchema), nextCursor: z.string().nullable() })
  .openapi('WebhookSubscriptionPage');

const json = <Schema extends z.ZodType>(schema: Schema) => ({ 'application/json': { schema } });
const ERRORS = problemResponses('validation_failed', 'unauthorized', 'forbidden', 'not_found');

const createRouteDef = createRoute({
  method: 'post',
  path: '/api/v1/partner/webhooks',
  tags: TAGS,
  summary: 'Subscribe a URL to webhook events',
  description: `${DESCRIPTION} The response carries the signing secret; it is never shown again.`,
  security: BEARER_SECURITY,
  request: { body: { required: true, content: json(CreateBodySchema) } },
  responses: {
    201: { description: 'Subscribed', content: json(CreatedWebhookSubscriptionSchema) },
    ...problemResponses('validation_failed', 'unauthorized', 'forbidden', 'conflict'),
  },
});

const listRoute = createRoute({
  method: 'get',
  path: '/api/v1/partner/webhooks',
  tags: TAGS,
  summary: "The partner's webhook subscriptions, newest first",
  description: DESCRIPTION,
  security: BEARER_SECURITY,
  request: { query: ListQuerySchema },
  responses: {
    200: { description: 'One page', content: json(SubscriptionPageSchema) },
    ...problemResponses('validation_failed', 'unauthorized', 'forbidden'),
  },
});

const getRoute = createRoute({
  method: 'get',
  path: '/api/v1/partner/webhooks/{id}',
  tags: TAGS,
  summary: 'One webhook subscription',
  description: DESCRIPTION,
  security: BEARER_SECURITY,
  request: { params: IdParamsSchema },
  responses: {
    200: { description: 'The subscription', content: json(WebhookSubscriptionSchema) },
    ...ERRORS,
  },
});

const patchRoute = createRoute({
  method: 'patch',
  path: '/api/v1/partner/webhooks/{id}',
  tags: TAGS,
  summary: 'Change the URL, events, description or active flag of a subscription',
  description: `${DESCRIPTION} An inactive subscription gets no new deliveries.`,
  security: BEARER_SECURITY,
  request: { params: IdParamsSchema, body: { required: true, content: json(PatchBodySchema) } },
  responses: {
    200: { description: 'The changed subscription', content: json(WebhookSubscriptionSchema) },
    ...ERRORS,
  },
});

const deleteRoute = createRoute({
  method: 'delete',
  path: '/api/v1/partner/webhooks/{id}',
  tags: TAGS,
  summary: 'Delete a subscription and its delivery log',
  description: DESCRIPTION,
  security: BEARER_SECURITY,
  request: { params: IdParamsSchema },
  responses: { 204: { description: 'Deleted' }, ...ERRORS },
});

/** A subscription of the partner's, or 404 (also for another partner's: no hint that it exists). */
export async function findPartnerSubscription(db: Database, partnerId: string, id: string) {
  const [row] = await db
    .select()
    .from(webhookSubscriptions)
    .where(and(eq(webhookSubscriptions.id, id), eq(webhookSubscriptions.partnerId, partnerId)))
    .limit(1);
  if (!row) throw new AppError('not_found', 'No such webhook subscription');
  return row;
}

/** The SSRF guard at the door: a refused URL is a 400 naming the `url` field. */
async function assertAllowedTarget(url: string, runtime: NotificationsRuntime) {
  const check = await checkWebhookTarget(url, {
    targets: runtime.config.WEBHOOK_TARGETS,
    lookup: runtime.lookupHost,
  });
  if (!check.ok) {
    throw new AppError('validation_failed', 'The webhook URL is not allowed', {
      errors: [{ path: 'url', message: check.reason }],
    });
  }
}

const unique = <Item>(items: Item[]) => [...new Set(items)];

export function registerPartnerWebhookRoutes(
  app: OpenAPIHono<AppEnv>,
  db: Database,
  runtime: NotificationsRuntime,
) {
  // Callers are checked before their input, so an anonymous or unscoped call is 401/403, never 400.
  for (const path of ['/api/v1/partner/webhooks', '/api/v1/partner/webhooks/*']) {
    app.use(path, async (c, next) => {
      requirePartnerScope(c, 'webhooks:manage');
      await next();
    });
  }

  app.openapi(createRouteDef, async (c) => {
    const partner = requirePartnerScope(c, 'webhooks:manage');
    const body = c.req.valid('json');
    await assertAllowedTarget(body.url, runtime);
    const [existing] = await db
      .select({ total: count() })
      .from(webhookSubscriptions)
      .where(eq(webhookSubscriptions.partnerId, partner.sub));
    if ((existing?.total ?? 0) >= MAX_SUBSCRIPTIONS_PER_PARTNER) {
      throw new AppError(
        'conflict',
        `A partner may have at most ${MAX_SUBSCRIPTIONS_PER_PARTNER} webhook subscriptions`,
      );
    }
    const secret = newWebhookSecret();
    const [row] = await db
      .insert(webhookSubscriptions)
      .values({
        id: newId(),
        partnerId: partner.sub,
        url: body.url,
        events: unique(body.events),
        description: body.description ?? null,
        secret,
      })
      .returning();
    if (!row) throw new Error('the subscription was not stored');
    return c.json({ ...toWebhookSubscription(row), secret }, 201);
  });

  app.openapi(listRoute, async (c) => {
    const partner = requirePartnerScope(c, 'webhooks:manage');
    const query = c.req.valid('query');
    const rows = await db
      .select()
      .from(webhookSubscriptions)
      .where(
        and(
          eq(webhookSubscriptions.partnerId, partner.sub),
          query.cursor ? lt(webhookSubscriptions.id, query.cursor) : undefined,
        ),
      )
      .orderBy(desc(webhookSubscriptions.id))
      .limit(query.limit + 1);
    const page = toPage(rows, query.limit);
    return c.json({ items: page.items.map(toWebhookSubscription), nextCursor: page.nextCursor }, 200);
  });

  app.openapi(getRoute, async (c) => {
    const partner = requirePartnerScope(c, 'webhooks:manage');
    const row = await findPartnerSubscription(db, partner.sub, c.req.valid('param').id);
    return c.json(toWebhookSubscription(row), 200);
  });

  app.openapi(patchRoute, async (c) => {
    const partner = requirePartnerScope(c, 'webhooks:manage');
    const { id } = c.req.valid('param');
    const body = c.req.valid('json');
    await findPartnerSubscription(db, partner.sub, id);
    if (body.url !== undefined) await assertAllowedTarget(body.url, runtime);
    const [row] = await db
      .update(webhookSubscriptions)
      .set({
        ...(body.url !== undefined ? { url: body.url } : {}),
        ...(body.events !== undefined ? { events: unique(body.events) } : {}),
        ...(body.description !== undefined ? { description: body.description } : {}),
        ...(body.active !== undefined ? { active: body.active } : {}),
        updatedAt: new Date(),
      })
      .where(and(eq(webhookSubscriptions.id, id), eq(webhookSubscriptions.partnerId, partner.sub)))
      .returning();
    if (!row) throw new AppError('not_found', 'No such webhook subscription');
    return c.json(toWebhookSubscription(row), 200);
  });

  app.openapi(deleteRoute, async (c) => {
    const partner = requirePartnerScope(c, 'webhooks:manage');
    const { id } = c.req.valid('param');
    const deleted = await db
      .delete(webhookSubscriptions)
      .where(and(eq(webhookSubscriptions.id, id), eq(webhookSubscriptions.partnerId, partner.sub)))
      .returning({ id: webhookSubscriptions.id });
    if (deleted.length === 0) throw new AppError('not_found', 'No such webhook subscription');
    return c.body(null, 204);
  });
}
