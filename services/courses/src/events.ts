import type { EventData } from '@edu/contracts';
import type { EventHandler, NewEvent, ServiceConsumer } from '@edu/platform/events';
import { z } from 'zod';
import { activateSubscription, cancelSubscription, recordPurchase, recordRefund } from './db/entitlements.ts';
import { inbox, outbox, type PartnerEnrollmentRow } from './db/schema.ts';
import type { Course } from './domain/course.ts';
import type { Lesson } from './domain/lesson.ts';

/** The `source` of every event this service publishes. */
export const EVENT_SOURCE = 'courses';

type CourseEventType =
  | 'COURSE_CREATED'
  | 'COURSE_UPDATED'
  | 'COURSE_PUBLISHED'
  | 'COURSE_UNPUBLISHED'
  | 'COURSE_ARCHIVED';

/**
 * A course event with the data every course event carries (the contract's course event
 * data: id, owner, title, status, price, lesson count), plus optional extra fields.
 */
export function courseEvent(
  type: CourseEventType,
  course: Course,
  extra: Record<string, unknown> = {},
): NewEvent {
  return {
    type,
    key: course.id,
    data: {
      courseId: course.id,
      instructorId: course.instructorId,
      title: course.title,
      status: course.status,
      priceCents: course.priceCents,
      currency: course.currency,
      lessonCount: course.lessonCount,
      ...extra,
    },
  };
}

export function lessonAddedEvent(lesson: Lesson, lessonCount: number): NewEvent {
  return {
    type: 'LESSON_ADDED',
    key: lesson.courseId,
    data: {
      courseId: lesson.courseId,
      lessonId: lesson.id,
      title: lesson.title,
      position: lesson.position,
      durationSec: lesson.durationSec,
      freePreview: lesson.freePreview,
      lessonCount,
    },
  };
}

/** LESSON_UPDATED: the lesson as it is now, which fields changed, and the course's lesson order. */
export function lessonUpdatedEvent(lesson: Lesson, changed: string[], lessonIds: string[]): NewEvent {
  const data: EventData<'LESSON_UPDATED'> = {
    courseId: lesson.courseId,
    lessonId: lesson.id,
    title: lesson.title,
    position: lesson.position,
    durationSec: lesson.durationSec,
    freePreview: lesson.freePreview,
    changed,
    lessonIds,
  };
  return { type: 'LESSON_UPDATED', key: lesson.courseId, data };
}

/** LESSON_REMOVED: which lesson went, and the order (positions 1..n) of those that stay. */
export function lessonRemovedEvent(courseId: string, lessonId: string, lessonIds: string[]): NewEvent {
  const data: EventData<'LESSON_REMOVED'> = { courseId, lessonId, lessonCount: lessonIds.length, lessonIds };
  return { type: 'LESSON_REMOVED', key: courseId, data };
}

/**
 * COURSE_ACCESS_GRANTED/REVOKED for a partner's seat (reason `enrollment`). A revocation is
 * about the seat only: consumers must not take away access the learner holds otherwise
 * (a purchase, another partner's seat), as the courses service's own entitlement check does not.
 */
export function enrollmentAccessEvent(
  type: 'COURSE_ACCESS_GRANTED' | 'COURSE_ACCESS_REVOKED',
  seat: PartnerEnrollmentRow,
): NewEvent {
  return {
    type,
    key: seat.courseId,
    data: {
      userId: seat.userId,
      courseId: seat.courseId,
      reason: 'enrollment',
      partnerId: seat.partnerId,
      enrollmentId: seat.id,
      email: seat.email,
    },
  };
}

/** What the courses service needs from payment events; other fields are ignored. */
const PurchaseData = z.object({
  paymentId: z.string().min(1),
  userId: z.string().min(1),
  courseId: z.string().min(1),
});
const SubscriptionData = z.object({
  subscriptionId: z.string().min(1),
  userId: z.string().min(1),
  planId: z.string().min(1),
});

/** The consumer group; also the inbox's `consumer` column. */
export const ENTITLEMENTS_GROUP = 'courses.entitlements';

const grantOnPurchase: EventHandler = async ({ event, tx, log, publish }) => {
  const purchase = PurchaseData.parse(event.data);
  if (!(await recordPurchase(tx, purchase))) {
    log.info('purchase already known; access unchanged', { paymentId: purchase.paymentId });
    return;
  }
  await publish([
    {
      type: 'COURSE_ACCESS_GRANTED',
      key: purchase.courseId,
      data: {
        userId: purchase.userId,
        courseId: purchase.courseId,
        paymentId: purchase.paymentId,
        reason: 'purchase',
      },
    },
  ]);
};

const revokeOnRefund: EventHandler = async ({ event, tx, publish }) => {
  const refund = PurchaseData.parse(event.data);
  if (!(await recordRefund(tx, refund))) return;
  await publish([
    {
      type: 'COURSE_ACCESS_REVOKED',
      key: refund.courseId,
      data: {
        userId: refund.userId,
        courseId: refund.courseId,
        paymentId: refund.paymentId,
        reason: 'refund',
      },
    },
  ]);
};

const startAllAccess: EventHandler = async ({ event, tx }) => {
  await activateSubscription(tx, SubscriptionData.parse(event.data));
};

const endAllAccess: EventHandler = async ({ event, tx }) => {
  await cancelSubscription(tx, SubscriptionData.parse(event.data));
};

/**
 * Keeps the entitlement projection (who may read which course) up to date from payment
 * events. The event backbone delivers events to it through `handleEventOnce`, which records
 * each event id in the inbox with the effect, so redeliveries change nothing.
 */
export function createCoursesConsumer(): ServiceConsumer {
  return {
    group: ENTITLEMENTS_GROUP,
    topics: ['payment-events'],
    handlers: {
      COURSE_PURCHASED: grantOnPurchase,
      PAYMENT_REFUNDED: revokeOnRefund,
      SUBSCRIPTION_CREATED: startAllAccess,
      SUBSCRIPTION_CANCELED: endAllAccess,
    },
    inbox,
    outbox,
    source: EVENT_SOURCE,
  };
}
