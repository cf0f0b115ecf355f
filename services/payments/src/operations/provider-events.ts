import { newId } from '@edu/contracts';
import type { Database } from '@edu/platform/db';
import { AppError } from '@edu/platform/http';
import { type ProviderEvent, WebhookSignatureError } from '../adapters/payment-provider/port.ts';
import { appendEvents } from '../db/outbox.ts';
import {
  hasOtherLivePayment,
  lockPayment,
  lockPaymentByProviderPaymentId,
  recordPaymentEvent,
  updatePayment,
} from '../db/payments.ts';
import { findLiveRefund, insertRefund } from '../db/refunds.ts';
import { lockSubscription } from '../db/subscriptions.ts';
import { recordWebhookEvent, setWebhookOutcome } from '../db/webhook-events.ts';
import { subscriptionPaymentFailed } from '../events/publish.ts';
import { changePaymentStatus } from './change-payment.ts';
import type { OperationContext } from './context.ts';
import { completeRefund } from './refund-payment.ts';
import { changeSubscription } from './subscriptions.ts';

type Outcome = 'applied' | 'duplicate' | 'ignored' | 'unmatched' | 'needs_attention';

/**
 * A webhook from the payment provider: verified by its signature over the exact bytes received,
 * translated, and applied once. A signature that does not verify or a body that is not an event
 * is a 400; where the provider has no webhooks (embedded) the route does not exist (404).
 */
export async function receiveProviderWebhook(
  ctx: OperationContext,
  request: { rawBody: string; signature: string | null },
): Promise<Outcome> {
  if (!ctx.provider.parseWebhook) throw new AppError('not_found', 'Stripe is not the payment provider here');
  let event: ProviderEvent;
  try {
    event = await ctx.provider.parseWebhook(request.rawBody, request.signature);
  } catch (error) {
    if (error instanceof WebhookSignatureError) throw new AppError('bad_request', error.message);
    ctx.log.warn('stripe webhook could not be read', { error });
    throw new AppError('bad_request', 'The webhook payload is not a Stripe event');
  }
  const outcome = await applyProviderEvent(ctx, event);
  ctx.log.info('stripe webhook', { eventId: event.eventId, type: event.type, outcome });
  return outcome;
}

/**
 * Applies one verified provider event. The event id is stored in the same transaction as its
 * effect, so a replay finds it and changes nothing, and a failure stores nothing (Stripe retries).
 * Every handler reads the current state and only moves forward, so events may arrive in any order.
 */
async function applyProviderEvent(ctx: OperationContext, event: ProviderEvent): Promise<Outcome> {
  const origin = { ...ctx.origin, causationId: event.eventId };
  return ctx.db.transaction(async (tx) => {
    if (!(await recordWebhookEvent(tx, event))) return 'duplicate';
    const outcome = await dispatch(tx, event, { ...ctx, origin });
    await setWebhookOutcome(tx, event.eventId, outcome);
    return outcome;
  });
}

async function dispatch(tx: Database, event: ProviderEvent, ctx: OperationContext): Promise<Outcome> {
  const actor = `${ctx.provider.name}:${event.eventId}`;
  const { origin } = ctx;
  switch (event.kind) {
    case 'ignored':
      return 'ignored';
    case 'payment_succeeded':
      return applySucceeded(tx, event, ctx, actor);
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
      await appendEvents(tx, [subscriptionPaymentFailed(subscription, event.eventId, event.reason)], origin);
      return 'applied';
    }
  }
}

async function applySucceeded(
  tx: Database,
  event: Extract<ProviderEvent, { kind: 'payment_succeeded' }>,
  ctx: OperationContext,
  actor: string,
): Promise<Outcome> {
  const payment = await lockPayment(tx, event.paymentId);
  if (!payment) return 'unmatched';
  const fields = event.providerPaymentId ? { providerPaymentId: event.providerPaymentId } : {};
  if (payment.status === 'failed' && (await hasOtherLivePayment(tx, payment))) {
    // Paid after it failed, while a newer purchase of the course already holds the slot: money
    // arrived twice. We keep the record and tell operators; refunding it is their decision.
    await recordPaymentEvent(tx, {
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
    origin: ctx.origin,
    fields,
  });
  if (!moved && event.providerPaymentId && !payment.providerPaymentId) {
    await updatePayment(tx, payment.id, fields);
  }
  return moved ? 'applied' : 'ignored';
}

/** A refund made by us (pending) or in the Stripe dashboard: either way the payment ends refunded. */
async function applyRefunded(
  tx: Database,
  event: Extract<ProviderEvent, { kind: 'payment_refunded' }>,
  ctx: OperationContext,
  actor: string,
): Promise<Outcome> {
  let payment =
    (event.paymentId ? await lockPayment(tx, event.paymentId) : undefined) ??
    (await lockPaymentByProviderPaymentId(tx, event.providerPaymentId));
  if (!payment) return 'unmatched';
  if (payment.status === 'refunded') return 'ignored';
  if (payment.status === 'failed') {
    // It never granted access, so there is nothing to revoke; the trail still shows the money went back.
    await recordPaymentEvent(tx, {
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
  const refund =
    (await findLiveRefund(tx, payment.id)) ??
    (await insertRefund(tx, {
      id: newId(),
      paymentId: payment.id,
      amountCents: payment.amountCents,
      status: 'pending',
      reason: 'refunded at the provider',
      providerRefundId: event.providerRefundId,
      requestedBy: actor,
    }));
  if (!refund) return 'ignored';
  await completeRefund(tx, payment, refund, { actor, origin: ctx.origin });
  return 'applied';
}
