import { type Database, queryRows } from '@edu/platform/db';
import { eq, sql } from 'drizzle-orm';
import { coursePurchases, partnerEnrollments, subscriptions } from './schema.ts';

/**
 * Entitled: bought the course and not refunded, holds a partner's seat in it that was not
 * revoked, or (when `bySubscription`) holds an active subscription. Each source stands on its
 * own, so losing one (a refund, a revoked seat) leaves the others' access in place.
 */
export async function isEntitled(
  db: Database,
  userId: string,
  courseId: string,
  { bySubscription }: { bySubscription: boolean } = { bySubscription: true },
): Promise<boolean> {
  const [row] = await queryRows<{ entitled: boolean }>(
    db,
    sql`select exists (
      select 1 from ${coursePurchases}
      where ${coursePurchases.userId} = ${userId} and ${coursePurchases.courseId} = ${courseId}
        and ${coursePurchases.status} = 'active'
    ) or exists (
      select 1 from ${partnerEnrollments}
      where ${partnerEnrollments.userId} = ${userId} and ${partnerEnrollments.courseId} = ${courseId}
        and ${partnerEnrollments.revokedAt} is null
    ) or (${bySubscription} and exists (
      select 1 from ${subscriptions}
      where ${subscriptions.userId} = ${userId} and ${subscriptions.status} = 'active'
    )) as entitled`,
  );
  return row?.entitled === true;
}

/** Records a purchase; true when it newly grants access (not a repeat, not already refunded). */
export async function recordPurchase(
  tx: Database,
  purchase: { paymentId: string; userId: string; courseId: string },
): Promise<boolean> {
  const inserted = await tx
    .insert(coursePurchases)
    .values({ ...purchase, status: 'active' })
    .onConflictDoNothing()
    .returning({ paymentId: coursePurchases.paymentId });
  return inserted.length > 0;
}

/** Records a refund, even before its purchase arrived; true when it took away active access. */
export async function recordRefund(
  tx: Database,
  refund: { paymentId: string; userId: string; courseId: string },
): Promise<boolean> {
  const [previous] = await tx
    .select({ status: coursePurchases.status })
    .from(coursePurchases)
    .where(eq(coursePurchases.paymentId, refund.paymentId))
    .for('update');
  await tx
    .insert(coursePurchases)
    .values({ ...refund, status: 'refunded' })
    .onConflictDoUpdate({
      target: coursePurchases.paymentId,
      set: { status: 'refunded', updatedAt: sql`now()` },
    });
  return previous?.status === 'active';
}

/** Starts all-access; a subscription already known as canceled stays canceled (events may arrive out of order). */
export async function activateSubscription(
  tx: Database,
  subscription: { subscriptionId: string; userId: string; planId: string },
): Promise<void> {
  await tx
    .insert(subscriptions)
    .values({ ...subscription, status: 'active' })
    .onConflictDoNothing();
}

export async function cancelSubscription(
  tx: Database,
  subscription: { subscriptionId: string; userId: string; planId: string },
): Promise<void> {
  await tx
    .insert(subscriptions)
    .values({ ...subscription, status: 'canceled' })
    .onConflictDoUpdate({
      target: subscriptions.subscriptionId,
      set: { status: 'canceled', updatedAt: sql`now()` },
    });
}
