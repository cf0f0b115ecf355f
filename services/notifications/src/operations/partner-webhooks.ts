import { newId, type WebhookEventType } from '@edu/contracts';
import type { Database } from '@edu/platform/db';
import { AppError, toPage } from '@edu/platform/http';
import { and, count, desc, eq, lt } from 'drizzle-orm';
import type { NotificationsRuntime } from '../adapters/runtime.ts';
import { checkWebhookTarget } from '../adapters/webhooks/target-guard.ts';
import { webhookSubscriptions } from '../db/schema.ts';
import { MAX_SUBSCRIPTIONS_PER_PARTNER, uniqueEvents } from '../domain/partner-webhooks.ts';
import { newWebhookSecret } from '../domain/webhook-signature.ts';
import type { NotificationsDeps } from './deps.ts';

type Subscription = typeof webhookSubscriptions.$inferSelect;

/** A subscription of the partner's, or 404 (also for another partner's: no hint that it exists). */
export async function findPartnerSubscription(
  db: Database,
  partnerId: string,
  id: string,
): Promise<Subscription> {
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
    targets: runtime.settings.WEBHOOK_TARGETS,
    lookup: runtime.lookupHost,
  });
  if (!check.ok) {
    throw new AppError('validation_failed', 'The webhook URL is not allowed', {
      errors: [{ path: 'url', message: check.reason }],
    });
  }
}

/** Subscribes a partner's URL to webhook events; the answer carries the signing secret, once. */
export async function createWebhookSubscription(
  { db, runtime }: NotificationsDeps,
  partnerId: string,
  request: { url: string; events: WebhookEventType[]; description?: string | undefined },
): Promise<Subscription> {
  await assertAllowedTarget(request.url, runtime);
  const [existing] = await db
    .select({ total: count() })
    .from(webhookSubscriptions)
    .where(eq(webhookSubscriptions.partnerId, partnerId));
  if ((existing?.total ?? 0) >= MAX_SUBSCRIPTIONS_PER_PARTNER) {
    throw new AppError(
      'conflict',
      `A partner may have at most ${MAX_SUBSCRIPTIONS_PER_PARTNER} webhook subscriptions`,
    );
  }
  const [row] = await db
    .insert(webhookSubscriptions)
    .values({
      id: newId(),
      partnerId,
      url: request.url,
      events: uniqueEvents(request.events),
      description: request.description ?? null,
      secret: newWebhookSecret(),
    })
    .returning();
  if (!row) throw new Error('the subscription was not stored');
  return row;
}

/** One page of the partner's subscriptions, newest first. */
export async function listWebhookSubscriptions(
  db: Database,
  partnerId: string,
  query: { limit: number; cursor?: string | undefined },
): Promise<{ items: Subscription[]; nextCursor: string | null }> {
  const rows = await db
    .select()
    .from(webhookSubscriptions)
    .where(
      and(
        eq(webhookSubscriptions.partnerId, partnerId),
        query.cursor ? lt(webhookSubscriptions.id, query.cursor) : undefined,
      ),
    )
    .orderBy(desc(webhookSubscriptions.id))
    .limit(query.limit + 1);
  return toPage(rows, query.limit);
}

/** Changes what the request names of the partner's subscription; a new URL passes the guard first. */
export async function updateWebhookSubscription(
  { db, runtime }: NotificationsDeps,
  partnerId: string,
  id: string,
  change: {
    url?: string | undefined;
    events?: WebhookEventType[] | undefined;
    description?: string | null | undefined;
    active?: boolean | undefined;
  },
): Promise<Subscription> {
  await findPartnerSubscription(db, partnerId, id);
  if (change.url !== undefined) await assertAllowedTarget(change.url, runtime);
  const [row] = await db
    .update(webhookSubscriptions)
    .set({
      ...(change.url !== undefined ? { url: change.url } : {}),
      ...(change.events !== undefined ? { events: uniqueEvents(change.events) } : {}),
      ...(change.description !== undefined ? { description: change.description } : {}),
      ...(change.active !== undefined ? { active: change.active } : {}),
      updatedAt: new Date(),
    })
    .where(and(eq(webhookSubscriptions.id, id), eq(webhookSubscriptions.partnerId, partnerId)))
    .returning();
  if (!row) throw new AppError('not_found', 'No such webhook subscription');
  return row;
}

/** Deletes the partner's subscription and, with it, its delivery log. */
export async function deleteWebhookSubscription(db: Database, partnerId: string, id: string): Promise<void> {
  const deleted = await db
    .delete(webhookSubscriptions)
    .where(and(eq(webhookSubscriptions.id, id), eq(webhookSubscriptions.partnerId, partnerId)))
    .returning({ id: webhookSubscriptions.id });
  if (deleted.length === 0) throw new AppError('not_found', 'No such webhook subscription');
}
