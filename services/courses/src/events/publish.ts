import type { EventData } from '@edu/contracts';
import type { NewEvent } from '@edu/platform/events';
import type { Course } from '../domain/course.ts';
import type { Lesson } from '../domain/lesson.ts';

/** The `source` of every event this service publishes. */
export const EVENT_SOURCE = 'courses';

type CourseEventType =
  | 'COURSE_CREATED'
  | 'COURSE_UPDATED'
  | 'COURSE_PUBLISHED'
  | 'COURSE_UNPUBLISHED'
  | 'COURSE_ARCHIVED';

/**
 * A course event: the contract's course data (id, owner, title, status, price, lesson count),
 * and for COURSE_UPDATED the fields the request changed.
 */
export function courseEvent(type: CourseEventType, course: Course, changed?: string[]): NewEvent {
  const data: EventData<CourseEventType> = {
    courseId: course.id,
    instructorId: course.instructorId,
    title: course.title,
    status: course.status,
    priceCents: course.priceCents,
    currency: course.currency,
    lessonCount: course.lessonCount,
    ...(changed ? { changed } : {}),
  };
  return { type, key: course.id, data };
}

/** LESSON_ADDED: the new lesson, and how many lessons the course has with it. */
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
  return {
    type: 'LESSON_UPDATED',
    key: lesson.courseId,
    data: {
      courseId: lesson.courseId,
      lessonId: lesson.id,
      title: lesson.title,
      position: lesson.position,
      durationSec: lesson.durationSec,
      freePreview: lesson.freePreview,
      changed,
      lessonIds,
    },
  };
}

/** LESSON_REMOVED: which lesson went, and the order (positions 1..n) of those that stay. */
export function lessonRemovedEvent(courseId: string, lessonId: string, lessonIds: string[]): NewEvent {
  return {
    type: 'LESSON_REMOVED',
    key: courseId,
    data: { courseId, lessonId, lessonCount: lessonIds.length, lessonIds },
  };
}

/** COURSE_ACCESS_GRANTED on a purchase, or COURSE_ACCESS_REVOKED on its refund. */
export function purchaseAccessEvent(
  type: 'COURSE_ACCESS_GRANTED' | 'COURSE_ACCESS_REVOKED',
  purchase: { paymentId: string; userId: string; courseId: string },
): NewEvent {
  return {
    type,
    key: purchase.courseId,
    data: {
      userId: purchase.userId,
      courseId: purchase.courseId,
      paymentId: purchase.paymentId,
      reason: type === 'COURSE_ACCESS_GRANTED' ? 'purchase' : 'refund',
    },
  };
}

/**
 * COURSE_ACCESS_GRANTED/REVOKED for a partner's seat (reason `enrollment`). A revocation is
 * about the seat only: consumers must not take away access the learner holds otherwise
 * (a purchase, another partner's seat), as the courses service's own entitlement check does not.
 */
export function enrollmentAccessEvent(
  type: 'COURSE_ACCESS_GRANTED' | 'COURSE_ACCESS_REVOKED',
  seat: { id: string; partnerId: string; userId: string; courseId: string; email: string },
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
