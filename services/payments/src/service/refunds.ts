import { newId } from '@edu/contracts';
import type { Database } from '@edu/platform/db';
import { AppError } from '@edu/platform/http';
import { and, eq, inArray } from 'drizzle-orm';
import { refunds } from '../db/schema.ts';
import type { PaymentsContext } from './context.ts';
import { audit, changePaymentStatus, lockPayment, type PaymentRow, publish } from './store.ts';

export type RefundRow = typeof refunds.$inferSelect;

/**
 * Marks a locked payment refunded with its PAYMENT_REFUNDED event (the courses service revokes
 * access on it). Used by the admin refund and by Stripe's charge.refunded, whichever comes first.
 */
export async function completeRefund(
  tx: Database,
  payment: PaymentRow,
  refund: RefundRow,
  change: { actor: string; origin: PaymentsContext['origin'] },
): Promise<RefundRow> {
  const [done] = await tx
    .update(refunds)
    .set({ status: 'succeeded', updatedAt: new Date() })
    .where(eq(refunds.id, refund.id))
    .returning();
  const refunded = await changePaymentStatus(tx, payment, 'refunded', {
    action: 'refunded',
    actor: change.actor,
    origin: change.origin,
    detail: { refundId: refund.id, ...(refund.reason ? { reason: refund.reason } : {}) },
  });
  if (refunded) {
    await publish(
      tx,
      'PAYMENT_REFUNDED',
      payment.userId,
      {
        paymentId: payment.id,
        refundId: refund.id,
        userId: payment.userId,
        courseId: payment.courseId,
        amountCents: refund.amountCents,
        currency: payment.currency,
        ...(refund.reason ? { reason: refund.reason } : {}),
      },
      change.origin,
    );
  }
  return done ?? refund;
}

/** The live (pending or succeeded) refund of a payment, if there is one. */
export async function findLiveRefund(tx: Database, paymentId: string): Promise<RefundRow | undefined> {
  const [row] = await tx
    .select()
    .from(refunds)
    .where(and(eq(refunds.paymentId, paymentId), inArray(refunds.status, ['pending', 'succeeded'])));
  return row;
}

/** A refund the provider refused: recorded and audited, and the payment may be refunded again later. */
async function markRefundFailed(tx: Database, payment: PaymentRow, refundId: string, actor: string) {
  const [failed] = await tx
    .update(refunds)
    .set({ status: 'failed', updatedAt: new Date() })
    .where(eq(refunds.id, refundId))
    .returning();
  await audit(tx, {
    paymentId: payment.id,
    action: 'refund_failed',
    from: payment.status,
    to: payment.status,
    actor,
    detail: { refundId },
  });
  return failed;
}

/** Full refund of a succeeded payment, requested by an admin with a reason. */
export async function processRefund(
  ctx: PaymentsContext,
  input: { paymentId: string; adminId: string; reason?: string | undefined },
): Promise<RefundRow> {
  const actor = `admin:${input.adminId}`;
  const { payment, refund } = await ctx.db.transaction(async (tx) => {
    const locked = await lockPayment(tx, input.paymentId);
    if (!locked) throw new AppError('not_found', `No payment ${input.paymentId}`);
    if (locked.status === 'refunded') throw new AppError('conflict', 'This payment is already refunded');
    if (locked.status !== 'succeeded')
      throw new AppError('conflict', `A ${locked.status} payment cannot be refunded`);
    const [row] = await tx
      .insert(refunds)
      .values({
        id: newId(),
        paymentId: locked.id,
        amountCents: locked.amountCents,
        status: 'pending',
        reason: input.reason ?? null,
        requestedBy: actor,
      })
      .onConflictDoNothing()
      .returning();
    if (!row) throw new AppError('conflict', 'A refund of this payment is already under way');
    await audit(tx, {
      paymentId: locked.id,
      action: 'refund_requested',
      from: locked.status,
      to: locked.status,
      actor,
      detail: { refundId: row.id, reason: row.reason },
    });
    return { payment: locked, refund: row };
  });

  let result: Awaited<ReturnType<PaymentsContext['provider']['refund']>>;
  try {
    result = await ctx.provider.refund({
      refundId: refund.id,
      paymentId: payment.id,
      providerPaymentId: payment.providerPaymentId,
      amountCents: refund.amountCents,
      currency: payment.currency,
      reason: input.reason,
      idempotencyKey: `refund-${refund.id}`,
    });
  } catch (error) {
    ctx.log.warn('payment provider refused a refund', { paymentId: payment.id, error });
    await ctx.db.transaction(async (tx) => {
      await lockPayment(tx, payment.id);
      await markRefundFailed(tx, payment, refund.id, actor);
    });
    throw new AppError('bad_gateway', 'The payment provider could not refund this payment; try again');
  }

  return ctx.db.transaction(async (tx) => {
    // Payment first, then refund, in every transaction: the same lock order everywhere avoids deadlocks.
    const locked = await lockPayment(tx, payment.id);
    const [withProvider] = await tx
      .update(refunds)
      .set({ providerRefundId: result.providerRefundId, updatedAt: new Date() })
      .where(eq(refunds.id, refund.id))
      .returning();
    const current = withProvider ?? refund;
    if (result.status === 'failed') {
      return (await markRefundFailed(tx, payment, refund.id, actor)) ?? current;
    }
    // Pending refunds finish with Stripe's charge.refunded webhook.
    if (result.status === 'pending' || !locked) return current;
    return completeRefund(tx, locked, current, { actor, origin: ctx.origin });
  });
}
