import { newId } from '@edu/contracts';
import type { Database } from '@edu/platform/db';
import type { EventOrigin } from '@edu/platform/events';
import { AppError } from '@edu/platform/http';
import type { RefundInput } from '../adapters/payment-provider/port.ts';
import { appendEvents } from '../db/outbox.ts';
import { lockPayment, type PaymentRow, recordPaymentEvent } from '../db/payments.ts';
import { insertRefund, type RefundRow, updateRefund } from '../db/refunds.ts';
import { paymentRefunded } from '../events/publish.ts';
import { changePaymentStatus } from './change-payment.ts';
import type { OperationContext } from './context.ts';
import { toRefund } from './views.ts';

type RefundResult = Awaited<ReturnType<OperationContext['provider']['refund']>>;

/**
 * Marks a locked payment refunded with its PAYMENT_REFUNDED event (the courses service revokes
 * access on it). Used by the admin refund and by Stripe's charge.refunded, whichever comes first.
 */
export async function completeRefund(
  tx: Database,
  payment: PaymentRow,
  refund: RefundRow,
  change: { actor: string; origin: EventOrigin },
): Promise<RefundRow> {
  const done = await updateRefund(tx, refund.id, { status: 'succeeded' });
  const refunded = await changePaymentStatus(tx, payment, 'refunded', {
    action: 'refunded',
    actor: change.actor,
    origin: change.origin,
    detail: { refundId: refund.id, ...(refund.reason ? { reason: refund.reason } : {}) },
  });
  if (refunded) await appendEvents(tx, [paymentRefunded(payment, refund)], change.origin);
  return done ?? refund;
}

/** A refund the provider refused: recorded and audited, and the payment may be refunded again later. */
async function markRefundFailed(tx: Database, payment: PaymentRow, refundId: string, actor: string) {
  const failed = await updateRefund(tx, refundId, { status: 'failed' });
  await recordPaymentEvent(tx, {
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
export async function refundPayment(
  ctx: OperationContext,
  input: { paymentId: string; adminId: string; reason?: string | undefined },
) {
  const actor = `admin:${input.adminId}`;
  const { payment, refund } = await ctx.db.transaction(async (tx) => {
    const locked = await lockPayment(tx, input.paymentId);
    if (!locked) throw new AppError('not_found', `No payment ${input.paymentId}`);
    if (locked.status === 'refunded') throw new AppError('conflict', 'This payment is already refunded');
    if (locked.status !== 'succeeded')
      throw new AppError('conflict', `A ${locked.status} payment cannot be refunded`);
    const row = await insertRefund(tx, {
      id: newId(),
      paymentId: locked.id,
      amountCents: locked.amountCents,
      status: 'pending',
      reason: input.reason ?? null,
      requestedBy: actor,
    });
    if (!row) throw new AppError('conflict', 'A refund of this payment is already under way');
    await recordPaymentEvent(tx, {
      paymentId: locked.id,
      action: 'refund_requested',
      from: locked.status,
      to: locked.status,
      actor,
      detail: { refundId: row.id, reason: row.reason },
    });
    return { payment: locked, refund: row };
  });

  const request: RefundInput = {
    refundId: refund.id,
    paymentId: payment.id,
    providerPaymentId: payment.providerPaymentId,
    amountCents: refund.amountCents,
    currency: payment.currency,
    reason: input.reason,
    idempotencyKey: `refund-${refund.id}`,
  };
  let result: RefundResult;
  try {
    result = await ctx.provider.refund(request);
  } catch (error) {
    ctx.log.warn('payment provider refused a refund', { paymentId: payment.id, error });
    await ctx.db.transaction(async (tx) => {
      await lockPayment(tx, payment.id);
      await markRefundFailed(tx, payment, refund.id, actor);
    });
    throw new AppError('bad_gateway', 'The payment provider could not refund this payment; try again');
  }

  const settled = await ctx.db.transaction(async (tx) => {
    // Payment first, then refund, in every transaction: the same lock order everywhere avoids deadlocks.
    const locked = await lockPayment(tx, payment.id);
    const withProvider = await updateRefund(tx, refund.id, { providerRefundId: result.providerRefundId });
    const current = withProvider ?? refund;
    if (result.status === 'failed') {
      return (await markRefundFailed(tx, payment, refund.id, actor)) ?? current;
    }
    // Pending refunds finish with Stripe's charge.refunded webhook.
    if (result.status === 'pending' || !locked) return current;
    return completeRefund(tx, locked, current, { actor, origin: ctx.origin });
  });
  return toRefund(settled);
}
