import { newId } from '@edu/contracts';
import type { Database } from '@edu/platform/db';
import type { EventOrigin } from '@edu/platform/events';
import { AppError, type Identity } from '@edu/platform/http';
import type { SubscriptionStart } from '../adapters/payment-provider/port.ts';
import { appendEvents } from '../db/outbox.ts';
import {
  findSubscription,
  insertSubscription,
  lockSubscription,
  type SubscriptionChanges,
  type SubscriptionRow,
  updateSubscription,
} from '../db/subscriptions.ts';
import { canTransitionSubscription, type SubscriptionStatus } from '../domain/payment-state.ts';
import { findPlan } from '../domain/plans.ts';
import { subscriptionCanceled, subscriptionCreated } from '../events/publish.ts';
import type { OperationContext, PaymentsDeps } from './context.ts';
import { toSubscription } from './views.ts';

/**
 * Moves a locked subscription to `to` when allowed, publishing SUBSCRIPTION_CREATED when it
 * becomes active and SUBSCRIPTION_CANCELED when an active one ends. Returns the row either way.
 */
export async function changeSubscription(
  tx: Database,
  subscription: SubscriptionRow,
  to: SubscriptionStatus | null,
  fields: Omit<SubscriptionChanges, 'status'>,
  origin: EventOrigin,
): Promise<SubscriptionRow> {
  const moves = to !== null && canTransitionSubscription(subscription.status, to);
  const updated = await updateSubscription(tx, subscription.id, {
    ...fields,
    ...(moves && to ? { status: to } : {}),
  });
  const row = updated ?? subscription;
  if (!moves) return row;
  if (to === 'active') await appendEvents(tx, [subscriptionCreated(row)], origin);
  // An incomplete subscription never granted access, so its end is not news to anyone.
  if (to === 'canceled' && subscription.status === 'active') {
    await appendEvents(tx, [subscriptionCanceled(row)], origin);
  }
  return row;
}

/** Subscribes a user to an all-access plan; one subscription in progress or active per user. */
export async function createSubscription(ctx: OperationContext, input: { userId: string; planId: string }) {
  const plan = findPlan(input.planId);
  if (!plan) throw new AppError('not_found', `No plan ${input.planId}`);
  const created = await insertSubscription(ctx.db, {
    id: newId(),
    userId: input.userId,
    planId: plan.id,
    status: 'incomplete',
    provider: ctx.provider.name,
  });
  if (!created) throw new AppError('conflict', 'You already have a subscription');

  let start: SubscriptionStart;
  try {
    start = await ctx.provider.startSubscription({
      subscriptionId: created.id,
      userId: input.userId,
      plan,
      idempotencyKey: `subscription-${created.id}`,
    });
  } catch (error) {
    ctx.log.warn('payment provider failed to start a subscription', { subscriptionId: created.id, error });
    await updateSubscription(ctx.db, created.id, { status: 'canceled' });
    throw new AppError(
      'bad_gateway',
      'The payment provider could not start the subscription; nothing was charged',
    );
  }

  const started = await ctx.db.transaction(async (tx) => {
    const locked = await lockSubscription(tx, created.id);
    if (!locked) throw new AppError('internal', 'The subscription disappeared while it was being started');
    if (start.status === 'active') {
      return changeSubscription(
        tx,
        locked,
        'active',
        { providerSubscriptionId: start.providerSubscriptionId, currentPeriodEnd: start.currentPeriodEnd },
        ctx.origin,
      );
    }
    return changeSubscription(
      tx,
      locked,
      null,
      { providerCheckoutId: start.providerCheckoutId, checkoutUrl: start.checkoutUrl },
      ctx.origin,
    );
  });
  return toSubscription(started);
}

/** The subscription, for its owner or an admin; anyone else gets the same 404 as for an unknown id. */
async function visibleSubscription(
  deps: PaymentsDeps,
  input: { subscriptionId: string; caller: Identity },
): Promise<SubscriptionRow> {
  const subscription = await findSubscription(deps.db, input.subscriptionId);
  const allowed =
    subscription && (subscription.userId === input.caller.sub || input.caller.roles.includes('admin'));
  if (!subscription || !allowed) throw new AppError('not_found', `No subscription ${input.subscriptionId}`);
  return subscription;
}

export async function getSubscription(
  deps: PaymentsDeps,
  input: { subscriptionId: string; caller: Identity },
) {
  return toSubscription(await visibleSubscription(deps, input));
}

/** Cancels a subscription for its owner or an admin; anyone else is told it does not exist. */
export async function cancelSubscription(
  ctx: OperationContext,
  input: { subscriptionId: string; caller: Identity },
): Promise<void> {
  const subscription = await visibleSubscription(ctx, input);
  if (subscription.status === 'canceled' || subscription.cancelAtPeriodEnd) return;

  let outcome: Awaited<ReturnType<OperationContext['provider']['cancelSubscription']>>;
  try {
    outcome = await ctx.provider.cancelSubscription({
      subscriptionId: subscription.id,
      providerSubscriptionId: subscription.providerSubscriptionId,
      providerCheckoutId: subscription.providerCheckoutId,
    });
  } catch (error) {
    ctx.log.warn('payment provider failed to cancel a subscription', {
      subscriptionId: subscription.id,
      error,
    });
    throw new AppError('bad_gateway', 'The payment provider could not cancel the subscription; try again');
  }

  await ctx.db.transaction(async (tx) => {
    const locked = await lockSubscription(tx, subscription.id);
    if (!locked) return;
    if (outcome.endsAt === 'now') await changeSubscription(tx, locked, 'canceled', {}, ctx.origin);
    else await changeSubscription(tx, locked, null, { cancelAtPeriodEnd: true }, ctx.origin);
  });
}
