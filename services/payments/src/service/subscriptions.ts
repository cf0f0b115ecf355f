import { newId } from '@edu/contracts';
import type { Database } from '@edu/platform/db';
import type { Identity } from '@edu/platform/http';
import { AppError } from '@edu/platform/http';
import { eq } from 'drizzle-orm';
import { subscriptions } from '../db/schema.ts';
import { canTransitionSubscription, type SubscriptionStatus } from '../domain/payment-state.ts';
import { findPlan } from '../domain/plans.ts';
import type { PaymentsContext } from './context.ts';
import { lockSubscription, publish, type SubscriptionRow } from './store.ts';

/**
 * Moves a locked subscription to `to` when allowed, publishing SUBSCRIPTION_CREATED when it
 * becomes active and SUBSCRIPTION_CANCELED when an active one ends. Returns the row either way.
 */
export async function changeSubscription(
  tx: Database,
  subscription: SubscriptionRow,
  to: SubscriptionStatus | null,
  fields: Partial<
    Pick<
      SubscriptionRow,
      | 'currentPeriodEnd'
      | 'providerSubscriptionId'
      | 'cancelAtPeriodEnd'
      | 'providerCheckoutId'
      | 'checkoutUrl'
    >
  >,
  origin: PaymentsContext['origin'],
): Promise<SubscriptionRow> {
  const moves = to !== null && canTransitionSubscription(subscription.status, to);
  const [updated] = await tx
    .update(subscriptions)
    .set({ ...fields, ...(moves && to ? { status: to } : {}), updatedAt: new Date() })
    .where(eq(subscriptions.id, subscription.id))
    .returning();
  const row = updated ?? subscription;
  if (!moves) return row;
  const data = {
    subscriptionId: row.id,
    userId: row.userId,
    planId: row.planId,
    ...(row.currentPeriodEnd ? { currentPeriodEnd: row.currentPeriodEnd.toISOString() } : {}),
  };
  if (to === 'active') await publish(tx, 'SUBSCRIPTION_CREATED', row.userId, data, origin);
  // An incomplete subscription never granted access, so its end is not news to anyone.
  if (to === 'canceled' && subscription.status === 'active') {
    await publish(tx, 'SUBSCRIPTION_CANCELED', row.userId, data, origin);
  }
  return row;
}

/** Subscribes a user to an all-access plan; one subscription in progress or active per user. */
export async function createSubscription(
  ctx: PaymentsContext,
  input: { userId: string; planId: string },
): Promise<SubscriptionRow> {
  const plan = findPlan(input.planId);
  if (!plan) throw new AppError('not_found', `No plan ${input.planId}`);
  const [created] = await ctx.db
    .insert(subscriptions)
    .values({
      id: newId(),
      userId: input.userId,
      planId: plan.id,
      status: 'incomplete',
      provider: ctx.provider.name,
    })
    .onConflictDoNothing()
    .returning();
  if (!created) throw new AppError('conflict', 'You already have a subscription');

  let start: Awaited<ReturnType<PaymentsContext['provider']['startSubscription']>>;
  try {
    start = await ctx.provider.startSubscription({
      subscriptionId: created.id,
      userId: input.userId,
      plan,
      idempotencyKey: `subscription-${created.id}`,
    });
  } catch (error) {
    ctx.log.warn('payment provider failed to start a subscription', { subscriptionId: created.id, error });
    await ctx.db
      .update(subscriptions)
      .set({ status: 'canceled', updatedAt: new Date() })
      .where(eq(subscriptions.id, created.id));
    throw new AppError(
      'bad_gateway',
      'The payment provider could not start the subscription; nothing was charged',
    );
  }

  return ctx.db.transaction(async (tx) => {
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
}

/** Cancels a subscription for its owner or an admin; anyone else is told it does not exist. */
/** The subscription, for its owner or an admin; anyone else gets the same 404 as for an unknown id. */
export async function findSubscription(
  ctx: PaymentsContext,
  input: { subscriptionId: string; caller: Identity },
): Promise<typeof subscriptions.$inferSelect> {
  const [subscription] = await ctx.db
    .select()
    .from(subscriptions)
    .where(eq(subscriptions.id, input.subscriptionId));
  const allowed =
    subscription && (subscription.userId === input.caller.sub || input.caller.roles.includes('admin'));
  if (!subscription || !allowed) throw new AppError('not_found', `No subscription ${input.subscriptionId}`);
  return subscription;
}

export async function cancelSubscription(
  ctx: PaymentsContext,
  input: { subscriptionId: string; caller: Identity },
): Promise<void> {
  const subscription = await findSubscription(ctx, input);
  if (subscription.status === 'canceled' || subscription.cancelAtPeriodEnd) return;

  let outcome: Awaited<ReturnType<PaymentsContext['provider']['cancelSubscription']>>;
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
