import { newId, parseEventData } from '@edu/contracts';
import type { Database } from '@edu/platform/db';
import type { EventHandlerContext } from '@edu/platform/events';
import { and, arrayContains, eq, inArray } from 'drizzle-orm';
import { partnerEnrollments, webhookDeliveries, webhookSubscriptions } from '../db/schema.ts';
import {
  toWebhookPayload,
  WEBHOOK_TYPE_OF_EVENT,
  type WebhookSourceEvent,
} from '../domain/webhook-payload.ts';
import { WEBHOOK_RETRY_WINDOW_MS } from '../domain/webhook-retry.ts';

/** Remembers that a partner enrolled a learner (COURSE_ACCESS_GRANTED, reason `enrollment`). */
export async function recordPartnerEnrollment({ event, tx }: EventHandlerContext): Promise<void> {
  const data = parseEventData('COURSE_ACCESS_GRANTED', event.data);
  if (data.reason !== 'enrollment' || !data.partnerId) return;
  await tx
    .insert(partnerEnrollments)
    .values({ partnerId: data.partnerId, userId: data.userId, courseId: data.courseId })
    .onConflictDoNothing();
}

/** Forgets an enrollment the partner ended (COURSE_ACCESS_REVOKED, reason `enrollment`). */
export async function removePartnerEnrollment({ event, tx }: EventHandlerContext): Promise<void> {
  const data = parseEventData('COURSE_ACCESS_REVOKED', event.data);
  if (data.reason !== 'enrollment' || !data.partnerId) return;
  await tx
    .delete(partnerEnrollments)
    .where(
      and(
        eq(partnerEnrollments.partnerId, data.partnerId),
        eq(partnerEnrollments.userId, data.userId),
        eq(partnerEnrollments.courseId, data.courseId),
      ),
    );
}

/**
 * The partners that enrolled `userId` in `courseId`: they hear about that learner in that course,
 * and nothing of the learner's other courses (those are the learner's own business).
 */
function partnersOfSeat(tx: Database, userId: string, courseId: string) {
  return tx
    .selectDistinct({ partnerId: partnerEnrollments.partnerId })
    .from(partnerEnrollments)
    .where(and(eq(partnerEnrollments.userId, userId), eq(partnerEnrollments.courseId, courseId)));
}

/**
 * Queues a delivery of the event to every active subscription that should get it, in the
 * handler's transaction: course.published to all subscribers of the type; course.purchased and
 * course.completed only to partners that enrolled the learner in that course. The unique (subscription, event)
 * key keeps a redelivered event from being queued twice.
 */
export async function enqueueWebhooks(context: EventHandlerContext): Promise<void> {
  const { event, tx } = context;
  if (!(event.type in WEBHOOK_TYPE_OF_EVENT)) return;
  const sourceEvent = { ...event, type: event.type as WebhookSourceEvent };
  const payload = toWebhookPayload(sourceEvent);
  const seat =
    sourceEvent.type === 'COURSE_PUBLISHED' ? null : (payload.data as { userId: string; courseId: string });
  const subscriptions = await tx
    .select({ id: webhookSubscriptions.id })
    .from(webhookSubscriptions)
    .where(
      and(
        eq(webhookSubscriptions.active, true),
        arrayContains(webhookSubscriptions.events, [payload.type]),
        seat === null
          ? undefined
          : inArray(webhookSubscriptions.partnerId, partnersOfSeat(tx, seat.userId, seat.courseId)),
      ),
    );
  if (subscriptions.length === 0) return;
  const body = JSON.stringify(payload);
  const retryUntil = new Date(Date.now() + WEBHOOK_RETRY_WINDOW_MS);
  await tx
    .insert(webhookDeliveries)
    .values(
      subscriptions.map((subscription) => ({
        id: newId(),
        subscriptionId: subscription.id,
        eventId: event.id,
        eventType: payload.type,
        body,
        retryUntil,
      })),
    )
    .onConflictDoNothing();
  context.log.info('webhooks queued', { webhookType: payload.type, subscriptions: subscriptions.length });
}
