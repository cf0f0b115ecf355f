import { type EventData, newId } from '@edu/contracts';
import type { Database } from '@edu/platform/db';
import type { EventHandlerContext } from '@edu/platform/events';
import { and, arrayContains, eq, inArray } from 'drizzle-orm';
import { partnerEnrollments, webhookDeliveries, webhookSubscriptions } from '../db/schema.ts';
import { seatOf, toWebhookPayload, type WebhookSourceEvent } from '../domain/webhook-payload.ts';
import { WEBHOOK_RETRY_WINDOW_MS } from '../domain/webhook-retry.ts';

/** Remembers that a partner enrolled a learner (COURSE_ACCESS_GRANTED, reason `enrollment`). */
export async function recordPartnerEnrollment(
  tx: Database,
  grant: EventData<'COURSE_ACCESS_GRANTED'>,
): Promise<void> {
  if (grant.reason !== 'enrollment' || !grant.partnerId) return;
  await tx
    .insert(partnerEnrollments)
    .values({ partnerId: grant.partnerId, userId: grant.userId, courseId: grant.courseId })
    .onConflictDoNothing();
}

/** Forgets an enrollment the partner ended (COURSE_ACCESS_REVOKED, reason `enrollment`). */
export async function removePartnerEnrollment(
  tx: Database,
  revocation: EventData<'COURSE_ACCESS_REVOKED'>,
): Promise<void> {
  if (revocation.reason !== 'enrollment' || !revocation.partnerId) return;
  await tx
    .delete(partnerEnrollments)
    .where(
      and(
        eq(partnerEnrollments.partnerId, revocation.partnerId),
        eq(partnerEnrollments.userId, revocation.userId),
        eq(partnerEnrollments.courseId, revocation.courseId),
      ),
    );
}

/**
 * The partners that enrolled `userId` in `courseId`: they hear about that learner in that course,
 * and nothing of the learner's other courses (those are the learner's own business).
 */
function partnersOfSeat(tx: Database, seat: { userId: string; courseId: string }) {
  return tx
    .selectDistinct({ partnerId: partnerEnrollments.partnerId })
    .from(partnerEnrollments)
    .where(and(eq(partnerEnrollments.userId, seat.userId), eq(partnerEnrollments.courseId, seat.courseId)));
}

/**
 * Queues a delivery of the event to every active subscription that should get it, in the
 * handler's transaction: course.published to all subscribers of the type; course.purchased and
 * course.completed only to partners that enrolled the learner in that course. The unique (subscription, event)
 * key keeps a redelivered event from being queued twice.
 */
export async function enqueueWebhooks(
  context: Pick<EventHandlerContext, 'tx' | 'log'>,
  event: WebhookSourceEvent,
): Promise<void> {
  const { tx } = context;
  const payload = toWebhookPayload(event);
  const seat = seatOf(event);
  const subscriptions = await tx
    .select({ id: webhookSubscriptions.id })
    .from(webhookSubscriptions)
    .where(
      and(
        eq(webhookSubscriptions.active, true),
        arrayContains(webhookSubscriptions.events, [payload.type]),
        seat === null ? undefined : inArray(webhookSubscriptions.partnerId, partnersOfSeat(tx, seat)),
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
