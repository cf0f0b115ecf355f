import { jsonb } from '@edu/platform/db';
import { defineInboxTable, defineOutboxTable } from '@edu/platform/events';
import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  index,
  integer,
  pgSchema,
  text,
  timestamp,
  unique,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

/** Everything the payments service stores lives in its own PostgreSQL schema. */
export const paymentsSchema = pgSchema('payments');

export const outbox = defineOutboxTable(paymentsSchema);
export const inbox = defineInboxTable(paymentsSchema);

const createdAt = () => timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow();
const updatedAt = () => timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow();

/** One attempt to buy one course. Amounts are integer minor units copied from the course at purchase time. */
export const payments = paymentsSchema.table(
  'payments',
  {
    id: text('id').primaryKey(),
    userId: text('user_id').notNull(),
    courseId: text('course_id').notNull(),
    amountCents: integer('amount_cents').notNull(),
    currency: text('currency').notNull(),
    status: text('status', { enum: ['pending', 'succeeded', 'failed', 'refunded'] }).notNull(),
    provider: text('provider', { enum: ['embedded', 'stripe'] }).notNull(),
    /** True for payments of the embedded test-mode provider (no money moved). */
    test: boolean('test').notNull(),
    idempotencyKey: text('idempotency_key'),
    /** Stripe: the Checkout Session id; embedded: its own reference. */
    providerCheckoutId: text('provider_checkout_id'),
    /** Stripe: the PaymentIntent id, known once the checkout completes; refunds need it. */
    providerPaymentId: text('provider_payment_id'),
    checkoutUrl: text('checkout_url'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [
    // One live purchase per user and course: concurrent double-clicks cannot both insert.
    uniqueIndex('payments_one_live_purchase_idx')
      .on(table.userId, table.courseId)
      .where(sql`status in ('pending', 'succeeded')`),
    unique('payments_user_idempotency_key_unique').on(table.userId, table.idempotencyKey),
    index('payments_user_id_idx').on(table.userId, table.id),
    index('payments_provider_payment_id_idx').on(table.providerPaymentId),
    index('payments_provider_checkout_id_idx').on(table.providerCheckoutId),
  ],
);

/** The audit trail: one row per state change of a payment, written in the same transaction as the change. */
export const paymentEvents = paymentsSchema.table(
  'payment_events',
  {
    seq: bigint('seq', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    paymentId: text('payment_id').notNull(),
    action: text('action').notNull(),
    fromStatus: text('from_status'),
    toStatus: text('to_status').notNull(),
    /** Who caused it: a user id, `admin:<id>`, or `stripe:<event id>`. */
    actor: text('actor').notNull(),
    detail: jsonb('detail').$type<Record<string, string | number | boolean | null>>().notNull().default({}),
    createdAt: createdAt(),
  },
  (table) => [index('payment_events_payment_id_idx').on(table.paymentId, table.seq)],
);

/** Full refunds only, so at most one live refund per payment: two admins cannot refund twice. */
export const refunds = paymentsSchema.table(
  'refunds',
  {
    id: text('id').primaryKey(),
    paymentId: text('payment_id').notNull(),
    amountCents: integer('amount_cents').notNull(),
    status: text('status', { enum: ['pending', 'succeeded', 'failed'] }).notNull(),
    reason: text('reason'),
    providerRefundId: text('provider_refund_id'),
    requestedBy: text('requested_by').notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [
    uniqueIndex('refunds_one_live_refund_idx')
      .on(table.paymentId)
      .where(sql`status in ('pending', 'succeeded')`),
  ],
);

export const subscriptions = paymentsSchema.table(
  'subscriptions',
  {
    id: text('id').primaryKey(),
    userId: text('user_id').notNull(),
    planId: text('plan_id').notNull(),
    status: text('status', { enum: ['incomplete', 'active', 'canceled'] }).notNull(),
    provider: text('provider', { enum: ['embedded', 'stripe'] }).notNull(),
    currentPeriodEnd: timestamp('current_period_end', { withTimezone: true, mode: 'date' }),
    /** Stripe: canceled by the user, access lasts until the period ends. */
    cancelAtPeriodEnd: boolean('cancel_at_period_end').notNull().default(false),
    providerCheckoutId: text('provider_checkout_id'),
    providerSubscriptionId: text('provider_subscription_id').unique(),
    checkoutUrl: text('checkout_url'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [
    // One subscription in progress or active per user.
    uniqueIndex('subscriptions_one_live_idx').on(table.userId).where(sql`status in ('incomplete', 'active')`),
  ],
);

/** Stripe event ids already handled: written with the event's effect, so a replay changes nothing. */
export const webhookEvents = paymentsSchema.table('webhook_events', {
  eventId: text('event_id').primaryKey(),
  type: text('type').notNull(),
  outcome: text('outcome').notNull(),
  receivedAt: timestamp('received_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});
