import { EVENT_DATA_SCHEMAS, type EventType } from '@edu/contracts';
import type { Database } from '@edu/platform/db';
import { appendToOutbox, type EventOrigin, type NewEvent } from '@edu/platform/events';
import { eq } from 'drizzle-orm';
import { outbox, paymentEvents, payments, subscriptions } from '../db/schema.ts';
import { canTransitionPayment, type PaymentStatus } from '../domain/payment-state.ts';

export type PaymentRow = typeof payments.$inferSelect;
export type SubscriptionRow = typeof subscriptions.$inferSelect;
type AuditDetail = Record<string, string | number | boolean | null>;

/** Publishes one event through the outbox, after checking its data against the pinned contract. */
export async function publish<Type extends EventType>(
  tx: Database,
  type: Type,
  key: string,
  data: unknown,
  origin: EventOrigin,
): Promise<void> {
  const parsed = EVENT_DATA_SCHEMAS[type].parse(data);
  await appendToOutbox(tx, outbox, [{ type, key, data: parsed } as NewEvent], origin);
}

/** The payment, locked for the rest of the transaction so webhooks and admins cannot race on it. */
export async function lockPayment(tx: Database, paymentId: string): Promise<PaymentRow | undefined> {
  const [row] = await tx.select().from(payments).where(eq(payments.id, paymentId)).for('update');
  return row;
}

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

/** Writes one audit row; every change of a payment goes through here inside its transaction. */
export async function audit(
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

/**
 * Moves a locked payment to `to` when the state machine allows it, with its audit row and the
 * event the change causes. Returns null (and changes nothing) when the transition is not allowed,
 * which makes late or repeated provider events harmless.
 */
export async function changePaymentStatus(
  tx: Database,
  payment: PaymentRow,
  to: PaymentStatus,
  change: {
    action: string;
    actor: string;
    origin: EventOrigin;
    detail?: AuditDetail;
    fields?: Partial<Pick<PaymentRow, 'providerPaymentId' | 'providerCheckoutId' | 'checkoutUrl'>>;
  },
): Promise<PaymentRow | null> {
  if (!canTransitionPayment(payment.status, to)) return null;
  const [updated] = await tx
    .update(payments)
    .set({ ...change.fields, status: to, updatedAt: new Date() })
    .where(eq(payments.id, payment.id))
    .returning();
  if (!updated) return null;
  await audit(tx, {
    paymentId: payment.id,
    action: change.action,
    from: payment.status,
    to,
    actor: change.actor,
    ...(change.detail ? { detail: change.detail } : {}),
  });
  if (to === 'succeeded') {
    await publish(
      tx,
      'COURSE_PURCHASED',
      updated.userId,
      {
        paymentId: updated.id,
        userId: updated.userId,
        courseId: updated.courseId,
        amountCents: updated.amountCents,
        currency: updated.currency,
        test: updated.test,
      },
      change.origin,
    );
  }
  if (to === 'failed') {
    const reason = typeof change.detail?.reason === 'string' ? change.detail.reason : change.action;
    await publish(
      tx,
      'PAYMENT_FAILED',
      updated.userId,
      { paymentId: updated.id, userId: updated.userId, courseId: updated.courseId, reason },
      change.origin,
    );
  }
  return updated;
}
