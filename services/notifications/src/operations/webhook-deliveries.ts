import type { Database } from '@edu/platform/db';
import { AppError, toPage } from '@edu/platform/http';
import { and, desc, eq, lt, sql } from 'drizzle-orm';
import { webhookDeliveries } from '../db/schema.ts';
import { findPartnerSubscription } from './partner-webhooks.ts';

type Delivery = typeof webhookDeliveries.$inferSelect;

/** One page of the delivery log of the partner's subscription, newest first. */
export async function listWebhookDeliveries(
  db: Database,
  partnerId: string,
  subscriptionId: string,
  query: { limit: number; cursor?: string | undefined },
): Promise<{ items: Delivery[]; nextCursor: string | null }> {
  await findPartnerSubscription(db, partnerId, subscriptionId);
  // Ids are UUIDv7: id order is creation order, and the last id is a stable cursor.
  const rows = await db
    .select()
    .from(webhookDeliveries)
    .where(
      and(
        eq(webhookDeliveries.subscriptionId, subscriptionId),
        query.cursor ? lt(webhookDeliveries.id, query.cursor) : undefined,
      ),
    )
    .orderBy(desc(webhookDeliveries.id))
    .limit(query.limit + 1);
  return toPage(rows, query.limit);
}

/**
 * Queues a delivery of the partner's subscription for an immediate attempt, whatever its status;
 * a delivery past its retry window gets exactly this one more try.
 */
export async function redeliverWebhook(
  db: Database,
  partnerId: string,
  subscriptionId: string,
  deliveryId: string,
): Promise<Delivery> {
  await findPartnerSubscription(db, partnerId, subscriptionId);
  const now = new Date();
  const [row] = await db
    .update(webhookDeliveries)
    .set({
      status: 'pending',
      nextAttemptAt: now,
      retryUntil: sql`greatest(${webhookDeliveries.retryUntil}, ${now.toISOString()}::timestamptz)`,
    })
    .where(and(eq(webhookDeliveries.id, deliveryId), eq(webhookDeliveries.subscriptionId, subscriptionId)))
    .returning();
  if (!row) throw new AppError('not_found', 'No such delivery of this subscription');
  return row;
}
