import type { Database } from '@edu/platform/db';
import { and, eq, inArray } from 'drizzle-orm';
import { refunds } from './schema.ts';

export type RefundRow = typeof refunds.$inferSelect;

/** The new refund, or undefined when the payment already has a live one. */
export async function insertRefund(
  tx: Database,
  values: typeof refunds.$inferInsert,
): Promise<RefundRow | undefined> {
  const [row] = await tx.insert(refunds).values(values).onConflictDoNothing().returning();
  return row;
}

export async function updateRefund(
  tx: Database,
  refundId: string,
  changes: Partial<Pick<RefundRow, 'status' | 'providerRefundId'>>,
): Promise<RefundRow | undefined> {
  const [row] = await tx
    .update(refunds)
    .set({ ...changes, updatedAt: new Date() })
    .where(eq(refunds.id, refundId))
    .returning();
  return row;
}

/** The live (pending or succeeded) refund of a payment, if there is one. */
export async function findLiveRefund(tx: Database, paymentId: string): Promise<RefundRow | undefined> {
  const [row] = await tx
    .select()
    .from(refunds)
    .where(and(eq(refunds.paymentId, paymentId), inArray(refunds.status, ['pending', 'succeeded'])));
  return row;
}
