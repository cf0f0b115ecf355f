import { jsonb } from '@edu/platform/db';
import { defineInboxTable, defineOutboxTable } from '@edu/platform/events';
import { sql } from 'drizzle-orm';
import { boolean, index, integer, pgSchema, primaryKey, text, timestamp, unique } from 'drizzle-orm/pg-core';

/** Everything the notifications service stores lives in its own PostgreSQL schema. */
export const notificationsSchema = pgSchema('notifications');

export const outbox = defineOutboxTable(notificationsSchema);
export const inbox = defineInboxTable(notificationsSchema);

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** Our projection of each user's contact data, fed by USER_CREATED / USER_UPDATED. */
export const recipients = notificationsSchema.table('recipients', {
  userId: text('user_id').primaryKey(),
  email: text('email').notNull(),
  name: text('name').notNull(),
  locale: text('locale').notNull().default('en'),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

/** Channel preferences; a user without a row has every channel on. */
export const preferences = notificationsSchema.table('preferences', {
  userId: text('user_id').primaryKey(),
  email: boolean('email').notNull().default(true),
  push: boolean('push').notNull().default(true),
  inApp: boolean('in_app').notNull().default(true),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

/**
 * Every notification the service decided to send. `inApp` rows are the user's feed; the
 * unique key makes one event yield one notification of a type even if handled twice.
 */
export const notifications = notificationsSchema.table(
  'notifications',
  {
    id: text('id').primaryKey(),
    userId: text('user_id').notNull(),
    type: text('type').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    data: jsonb('data').$type<Record<string, unknown>>().notNull(),
    inApp: boolean('in_app').notNull(),
    sourceEventId: text('source_event_id').notNull(),
    readAt: ts('read_at'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (table) => [
    unique('notifications_event_type_user_unique').on(table.sourceEventId, table.type, table.userId),
    index('notifications_feed_idx').on(table.userId, table.id),
  ],
);

/**
 * Outgoing email and push sends. A send is retried with backoff and ends `failed` (the
 * dead-letter state operators look at) after its last attempt, so nothing is lost silently.
 */
export const deliveries = notificationsSchema.table(
  'deliveries',
  {
    id: text('id').primaryKey(),
    notificationId: text('notification_id').notNull(),
    channel: text('channel', { enum: ['email', 'push'] }).notNull(),
    /** The email address, or the push subscription endpoint. */
    recipient: text('recipient').notNull(),
    /** Email: { subject, html, text }; push: the JSON payload shown by the service worker. */
    content: jsonb('content').$type<Record<string, unknown>>().notNull(),
    /** `dropped`: the recipient is gone (an expired push subscription); nothing to retry. */
    status: text('status', { enum: ['pending', 'sent', 'failed', 'dropped'] })
      .notNull()
      .default('pending'),
    attempts: integer('attempts').notNull().default(0),
    // Millisecond precision, like the JS clock the delivery worker compares it with: a
    // microsecond default could lie a fraction of a millisecond after "now" and be skipped.
    nextAttemptAt: ts('next_attempt_at').notNull().default(sql`date_trunc('milliseconds', now())`),
    lastError: text('last_error'),
    createdAt: ts('created_at').notNull().defaultNow(),
    sentAt: ts('sent_at'),
  },
  (table) => [
    unique('deliveries_notification_channel_recipient_unique').on(
      table.notificationId,
      table.channel,
      table.recipient,
    ),
    index('deliveries_due_idx').on(table.nextAttemptAt).where(sql`status = 'pending'`),
  ],
);

/** The dev mailbox: where email goes when MAIL_TRANSPORT=dev (embedded topology). */
export const devMailbox = notificationsSchema.table('dev_mailbox', {
  id: text('id').primaryKey(),
  from: text('from').notNull(),
  to: text('to').notNull(),
  subject: text('subject').notNull(),
  html: text('html').notNull(),
  text: text('text').notNull(),
  createdAt: ts('created_at').notNull().defaultNow(),
});

/** Web Push subscriptions; removed when the push service says they expired (404/410). */
export const pushSubscriptions = notificationsSchema.table('push_subscriptions', {
  endpoint: text('endpoint').primaryKey(),
  userId: text('user_id').notNull(),
  p256dh: text('p256dh').notNull(),
  auth: text('auth').notNull(),
  createdAt: ts('created_at').notNull().defaultNow(),
});

/** VAPID keys generated once when none are configured (embedded topology). */
export const vapidKeys = notificationsSchema.table('vapid_keys', {
  id: text('id').primaryKey(),
  publicKey: text('public_key').notNull(),
  privateKey: text('private_key').notNull(),
  createdAt: ts('created_at').notNull().defaultNow(),
});

/**
 * Partners' webhook subscriptions. `secret` signs every delivery (HMAC-SHA256), so it is kept
 * as given out; it is shown to the partner once, when the subscription is created.
 */
export const webhookSubscriptions = notificationsSchema.table(
  'webhook_subscriptions',
  {
    id: text('id').primaryKey(),
    /** The partner client's id (its token's `sub`); a partner sees only its own. */
    partnerId: text('partner_id').notNull(),
    url: text('url').notNull(),
    /** Webhook event types (contracts' WebhookEventType). */
    events: text('events').array().notNull(),
    description: text('description'),
    secret: text('secret').notNull(),
    active: boolean('active').notNull().default(true),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (table) => [index('webhook_subscriptions_partner_idx').on(table.partnerId, table.id)],
);

/**
 * One platform event to one subscription. The body is stored as sent so every retry and
 * redelivery carries the same bytes and event id; the row also keeps the last attempt's outcome.
 */
export const webhookDeliveries = notificationsSchema.table(
  'webhook_deliveries',
  {
    id: text('id').primaryKey(),
    subscriptionId: text('subscription_id')
      .notNull()
      .references(() => webhookSubscriptions.id, { onDelete: 'cascade' }),
    eventId: text('event_id').notNull(),
    eventType: text('event_type').notNull(),
    body: text('body').notNull(),
    status: text('status', { enum: ['pending', 'succeeded', 'failed'] })
      .notNull()
      .default('pending'),
    attempts: integer('attempts').notNull().default(0),
    // Millisecond precision, as for `deliveries`: the dispatcher compares with the JS clock.
    nextAttemptAt: ts('next_attempt_at').notNull().default(sql`date_trunc('milliseconds', now())`),
    /** Retries stop after this moment (24 h after the event; a manual redelivery tries once). */
    retryUntil: ts('retry_until').notNull(),
    lastAttemptAt: ts('last_attempt_at'),
    lastStatusCode: integer('last_status_code'),
    lastError: text('last_error'),
    lastDurationMs: integer('last_duration_ms'),
    /** At most 1 KiB of what the receiver answered, for the partner's debugging. */
    lastResponseBody: text('last_response_body'),
    createdAt: ts('created_at').notNull().defaultNow(),
    deliveredAt: ts('delivered_at'),
  },
  (table) => [
    unique('webhook_deliveries_subscription_event_unique').on(table.subscriptionId, table.eventId),
    index('webhook_deliveries_log_idx').on(table.subscriptionId, table.id),
    index('webhook_deliveries_due_idx').on(table.nextAttemptAt).where(sql`status = 'pending'`),
  ],
);

/**
 * Which partner enrolled which learner in which course, fed by COURSE_ACCESS_GRANTED /
 * COURSE_ACCESS_REVOKED (reason `enrollment`): purchase and completion webhooks go only to them.
 */
export const partnerEnrollments = notificationsSchema.table(
  'partner_enrollments',
  {
    partnerId: text('partner_id').notNull(),
    userId: text('user_id').notNull(),
    courseId: text('course_id').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.partnerId, table.userId, table.courseId] }),
    index('partner_enrollments_user_idx').on(table.userId),
  ],
);
