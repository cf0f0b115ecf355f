import type { Database } from '@edu/platform/db';
import { and, asc, desc, eq, inArray, lt, ne, type SQL } from 'drizzle-orm';
import type { PaymentStatus } from '../domain/payment-state.ts';
import { paymentEvents, payments } from './schema.ts';

export type PaymentRow = typeof payments.$inferSelect;
export type PaymentChanges = Partial<
  Pick<PaymentRow, 'status' | 'providerPaymentId' | 'providerCheckoutId' | 'checkoutUrl'>
>;
export type AuditDetail = Record<string, string | number | boolean | null>;

export async function findPayment(db: Database, paymentId: string): Promise<PaymentRow | undefined> {
  const [row] = await db.select().from(payments).where(eq(payments.id, paymentId));
  return row;
}

export async function findPaymentByIdempotencyKey(
  db: Database,
  userId: string,
  key: string,
): Promise<PaymentRow | undefined> {
  const [row] = await db
    .select()
    .from(payments)
    .where(and(eq(payments.userId, userId), eq(payments.idempotencyKey, key)));
  return row;
}

export async function findPendingPayment(
  db: Database,
  userId: string,
  courseId: string,
): Promise<PaymentRow | undefined> {
  const [row] = await db
    .select()
    .from(payments)
    .where(and(eq(payments.userId, userId), eq(payments.courseId, courseId), eq(payments.status, 'pending')));
  return row;
}

/** The new payment, or undefined when a live one of the course or one with its key exists. */
export async function insertPayment(
  db: Database,
  values: typeof payments.$inferInsert,
): Promise<PaymentRow | undefined> {
  const [row] = await db.insert(payments).values(values).onConflictDoNothing().returning();
  return row;
}

/** The payment, locked for the rest of the transaction so webhooks and admins cannot race on it. */
export async function lockPayment(tx: Database, paymentId: string): Promise<PaymentRow | undefined> {
  const [row] = await tx.select().from(payments).where(eq(payments.id, paymentId)).for('update');
  return row;
}

export async function lockPaymentByProviderPaymentId(
  tx: Database,
  providerPaymentId: string,
): Promise<PaymentRow | undefined> {
  const [row] = await tx
    .select()
    .from(payments)
    .where(eq(payments.providerPaymentId, providerPaymentId))
    .for('update');
  return row;
}

export async function updatePayment(
  tx: Database,
  paymentId: string,
  changes: PaymentChanges,
): Promise<PaymentRow | undefined> {
  const [row] = await tx
    .update(payments)
    .set({ ...changes, updatedAt: new Date() })
    .where(eq(payments.id, paymentId))
    .returning();
  return row;
}

/** Whether another purchase of the payment's course by its user holds the one live slot. */
export async function hasOtherLivePayment(tx: Database, payment: PaymentRow): Promise<boolean> {
  const rows = await tx
    .select({ id: payments.id })
    .from(payments)
    .where(
      and(
        eq(payments.userId, payment.userId),
        eq(payments.courseId, payment.courseId),
        inArray(payments.status, ['pending', 'succeeded']),
        ne(payments.id, payment.id),
      ),
    );
  return rows.length > 0;
}

/** Payments newest first, narrowed by user and status, from before the `before` id; `limit` rows at most. */
export async function listPayments(
  db: Database,
  filter: { userId?: string; status?: PaymentStatus | undefined; before?: string | undefined },
  limit: number,
): Promise<PaymentRow[]> {
  const conditions: SQL[] = [];
  if (filter.userId !== undefined) conditions.push(eq(payments.userId, filter.userId));
  if (filter.status !== undefined) conditions.push(eq(payments.status, filter.status));
  if (filter.before) conditions.push(lt(payments.id, filter.before));
  return db
    .select()
    .from(payments)
    .where(and(...conditions))
    .orderBy(desc(payments.id))
    .limit(limit);
}

/** Writes one audit row; every change of a payment writes one inside its transaction. */
export async function recordPaymentEvent(
  tx: Database,
  entry: {
    paymentId: string;
    action: string;
    from: PaymentStatus | null;
    to: PaymentStatus;
    actor: string;
    detail?: AuditDetail;
  },
): Promise<void> {
  await tx.insert(paymentEvents).values({
    paymentId: entry.paymentId,
    action: entry.action,
    fromStatus: entry.from,
    toStatus: entry.to,
    actor: entry.actor,
    detail: entry.detail ?? {},
  });
}

export async function listPaymentEvents(db: Database, paymentId: string) {
  return db
    .select()
    .from(paymentEvents)
    .where(eq(paymentEvents.paymentId, paymentId))
    .orderBy(asc(paymentEvents.seq));
}
