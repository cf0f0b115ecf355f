import type { Database } from '@edu/platform/db';
import { eq } from 'drizzle-orm';
import { subscriptions } from './schema.ts';

export type SubscriptionRow = typeof subscriptions.$inferSelect;
export type SubscriptionChanges = Partial<
  Pick<
    SubscriptionRow,
    | 'status'
    | 'currentPeriodEnd'
    | 'providerSubscriptionId'
    | 'cancelAtPeriodEnd'
    | 'providerCheckoutId'
    | 'checkoutUrl'
  >
>;

/** The new subscription, or undefined when the user already has one in progress or active. */
export async function insertSubscription(
  db: Database,
  values: typeof subscriptions.$inferInsert,
): Promise<SubscriptionRow | undefined> {
  const [row] = await db.insert(subscriptions).values(values).onConflictDoNothing().returning();
  return row;
}

export async function findSubscription(
  db: Database,
  subscriptionId: string,
): Promise<SubscriptionRow | undefined> {
  const [row] = await db.select().from(subscriptions).where(eq(subscriptions.id, subscriptionId));
  return row;
}

/** The subscription, locked for the rest of the transaction. */
export async function lockSubscription(
  tx: Database,
  subscriptionId: string,
): Promise<SubscriptionRow | undefined> {
  const [row] = await tx
    .select()
    .from(subscriptions)
    .where(eq(subscriptions.id, subscriptionId))
    .for('update');
  return row;
}

export async function updateSubscription(
  db: Database,
  subscriptionId: string,
  changes: SubscriptionChanges,
): Promise<SubscriptionRow | undefined> {
  const [row] = await db
    .update(subscriptions)
    .set({ ...changes, updatedAt: new Date() })
    .where(eq(subscriptions.id, subscriptionId))
    .returning();
  return row;
}
