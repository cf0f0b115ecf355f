import { newId } from '@edu/contracts';
import type { Database } from '@edu/platform/db';
import { and, eq, inArray, ne } from 'drizzle-orm';
import { payments, refunds, webhookEvents } from '../db/schema.ts';
import type { ProviderEvent } from '../providers/provider.ts';
import type { PaymentsContext } from './context.ts';
import { completeRefund, findLiveRefund } from './refunds.ts';
import {
  audit,
  changePaymentStatus,
  lockPayment,
  lockSubscription,
  type PaymentRow,
  publish,
} from './store.ts';
import { changeSubscription } from './subscriptions.ts';

type Outcome = 'applied' | 'duplicate' | 'ignored' | 'unmatched' | 'needs_attention';

/**
 * Applies one verified provider event. The event id is stored in the same transaction as its
 * effect, so a replay finds it and changes nothing, and a failure stores nothing (Stripe retries).
 * Every handler reads the current state and only moves forward, so events may arrive in any order.
 */
export async function applyProviderEvent(ctx: PaymentsContext, event: ProviderEvent): Promise<Outcome> {
  const origin = { ...ctx.origin, causationId: event.eventId };
  return ctx.db.transaction(async (tx) => {
    const [fresh] = await tx
      .insert(webhookEvents)
      .values({ eventId: event.eventId, type: event.type, outcome: 'received' })
      .onConflictDoNothing()
      .returning();
    if (!fresh) return 'duplicate';
    const outcome = await dispatch(tx, event, { ...ctx, origin });
    await tx.update(webhookEvents).set({ outcome }).where(eq(webhookEvents.eventId, event.eventId));
    return outcome;
  });
}

async function dispatch(tx: Database, event: ProviderEvent, ctx: PaymentsContext): Promise<Outcome> {
  const actor = `${ctx.provider.name}:${event.eventId}`;
  const { origin } = ctx;
  switch (event.kind) {
    case 'ignored':
      return 'ignored';
    case 'payment_succeeded': {
      const payment = await lockPayment(tx, event.paymentId);
      if (!payment) return 'unmatched';
      const fields = event.providerPaymentId ? { providerPaymentId: event.providerPaymentId } : {};
      if (payment.status === 'failed' && (await hasOtherLivePayment(tx, payment))) {
        // Paid after it failed, while a newer purchase of the course already holds the slot: money
        // arrived twice. We keep the record and tell operators; refunding it is their decision.
        await audit(tx, {
          paymentId: payment.id,
          action: 'paid_after_failure',
          from: 'failed',
          to: 'failed',
          actor,
          detail: { providerPaymentId: event.providerPaymentId },
        });
        ctx.log.warn('a failed payment was paid while another purchase of the course is live; refund it', {
          paymentId: payment.id,
        });
        return 'needs_attention';
      }
      const moved = await changePaymentStatus(tx, payment, 'succeeded', {
        action: 'checkout_completed',
        actor,
        origin,
        fields,
      });
      if (!moved && event.providerPaymentId && !payment.providerPaymentId) {
        await tx.update(payments).set(fields).where(eq(payments.id, payment.id));
      }
      return moved ? 'applied' : 'ignored';
    }
    case 'payment_failed': {
      const payment = await lockPayment(tx, event.paymentId);
      if (!payment) return 'unmatched';
      const moved = await changePaymentStatus(tx, payment, 'failed', {
        action: 'payment_failed',
        actor,
        origin,
        detail: { reason: event.reason },
      });
      return moved ? 'applied' : 'ignored';
    }
    case 'payment_refunded':
      return applyRefunded(tx, event, ctx, actor);
    case 'subscription_active': {
      const subscription = await lockSubscription(tx, event.subscriptionId);
      if (!subscription) return 'unmatched';
      const later =
        event.currentPeriodEnd &&
        (!subscription.currentPeriodEnd || event.currentPeriodEnd > subscription.currentPeriodEnd);
      await changeSubscription(
        tx,
        subscription,
        'active',
        {
          ...(event.providerSubscriptionId ? { providerSubscriptionId: event.providerSubscriptionId } : {}),
          ...(later ? { currentPeriodEnd: event.currentPeriodEnd } : {}),
        },
        origin,
      );
      return 'applied';
    }
    case 'subscription_changed': {
      const subscription = await lockSubscription(tx, event.subscriptionId);
      if (!subscription) return 'unmatched';
      await changeSubscription(
        tx,
        subscription,
        event.status === 'incomplete' ? null : event.status,
        {
          providerSubscriptionId: event.providerSubscriptionId,
          cancelAtPeriodEnd: event.cancelAtPeriodEnd,
          ...(event.currentPeriodEnd ? { currentPeriodEnd: event.currentPeriodEnd } : {}),
        },
        origin,
      );
      return 'applied';
    }
    case 'subscription_checkout_expired': {
      const subscription = await lockSubscription(tx, event.subscriptionId);
      if (subscription?.status !== 'incomplete') return 'ignored';
      await changeSubscription(tx, subscription, 'canceled', {}, origin);
      return 'applied';
    }
    case 'subscription_payment_failed': {
      const subscription = await lockSubscription(tx, event.subscriptionId);
      if (!subscription) return 'unmatched';
      // Stripe retries the card and ends the subscription itself if it never pays; we only tell the user.
      await publish(
        tx,
        'PAYMENT_FAILED',
        subscription.userId,
        { paymentId: event.eventId, userId: subscription.userId, reason: event.reason },
        origin,
      );
      return 'applied';
    }
  }
}

async function hasOtherLivePayment(tx: Database, payment: PaymentRow): Promise<boolean> {
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

/** A refund made by us (pending) or in the Stripe dashboard: either way the payment ends refunded. */
async function applyRefunded(
  tx: Database,
  event: Extract<ProviderEvent, { kind: 'payment_refunded' }>,
  ctx: PaymentsContext,
  actor: string,
): Promise<Outcome> {
  const byId = event.paymentId ? await lockPayment(tx, event.paymentId) : undefined;
  let payment = byId;
  if (!payment) {
    const [row] = await tx
      .select()
      .from(payments)
      .where(eq(payments.providerPaymentId, event.providerPaymentId))
      .for('update');
    payment = row;
  }
  if (!payment) return 'unmatched';
  if (payment.status === 'refunded') return 'ignored';
  if (payment.status === 'failed') {
    // It never granted access, so there is nothing to revoke; the trail still shows the money went back.
    await audit(tx, {
      paymentId: payment.id,
      action: 'refunded_at_provider',
      from: 'failed',
      to: 'failed',
      actor,
      detail: { providerRefundId: event.providerRefundId },
    });
    return 'applied';
  }
  if (payment.status === 'pending') {
    // A refunded charge was a paid one: checkout.session.completed is late, so apply it first.
    const paid = await changePaymentStatus(tx, payment, 'succeeded', {
      action: 'charge_seen_in_refund',
      actor,
      origin: ctx.origin,
      fields: { providerPaymentId: event.providerPaymentId },
    });
    if (!paid) return 'ignored';
    payment = paid;
  }
  let refund = await findLiveRefund(tx, payment.id);
  if (!refund) {
    const [created] = await tx
      .insert(refunds)
      .values({
        id: newId(),
        paymentId: payment.id,
        amountCents: payment.amountCents,
        status: 'pending',
        reason: 'refunded at the provider',
        providerRefundId: event.providerRefundId,
        requestedBy: actor,
      })
      .returning();
    refund = created;
  }
  if (!refund) return 'ignored';
  await completeRefund(tx, payment, refund, { actor, origin: ctx.origin });
  return 'applied';
}
