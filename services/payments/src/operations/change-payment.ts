import type { Database } from '@edu/platform/db';
import type { EventOrigin } from '@edu/platform/events';
import { appendEvents } from '../db/outbox.ts';
import {
  type AuditDetail,
  type PaymentChanges,
  type PaymentRow,
  recordPaymentEvent,
  updatePayment,
} from '../db/payments.ts';
import { canTransitionPayment, type PaymentStatus } from '../domain/payment-state.ts';
import { coursePaymentFailed, coursePurchased } from '../events/publish.ts';

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
    fields?: Omit<PaymentChanges, 'status'>;
  },
): Promise<PaymentRow | null> {
  if (!canTransitionPayment(payment.status, to)) return null;
  const updated = await updatePayment(tx, payment.id, { ...change.fields, status: to });
  if (!updated) return null;
  await recordPaymentEvent(tx, {
    paymentId: payment.id,
    action: change.action,
    from: payment.status,
    to,
    actor: change.actor,
    ...(change.detail ? { detail: change.detail } : {}),
  });
  if (to === 'succeeded') await appendEvents(tx, [coursePurchased(updated)], change.origin);
  if (to === 'failed') {
    const reason = typeof change.detail?.reason === 'string' ? change.detail.reason : change.action;
    await appendEvents(tx, [coursePaymentFailed(updated, reason)], change.origin);
  }
  return updated;
}
