import type { EventHandler, ServiceConsumer } from '@edu/platform/events';
import { z } from 'zod';
import {
  grantCourseAccess,
  grantSeat,
  hasCourseAccess,
  removeLesson,
  reorderLessons,
  revokeCertificate,
  revokeCourseAccess,
  revokeSeat,
  type SeatChange,
  setSubscription,
  upsertCourse,
  upsertLearner,
  upsertLesson,
} from './db/projections.ts';
import { inbox, outbox } from './db/schema.ts';
import { EVENT_SOURCE } from './progress-service.ts';

/**
 * What the progress service needs from others' events, parsed leniently: only the fields we
 * use (as pinned in @edu/contracts), and other fields are ignored. Where a publisher nests the
 * entity (`course`, `lesson`), its fields are accepted there too.
 */
const CourseData = z
  .looseObject({
    courseId: z.string().min(1),
    course: z.looseObject({}).optional(),
    lessonIds: z.array(z.string()).optional(),
  })
  .transform((data) => ({ ...data.course, ...data, courseId: data.courseId }))
  .pipe(
    z.object({
      courseId: z.string().min(1),
      title: z.string(),
      instructorId: z.string().min(1),
      status: z.enum(['draft', 'published', 'archived']),
      lessonIds: z.array(z.string()).optional(),
    }),
  );

const LessonData = z
  .looseObject({
    courseId: z.string().min(1),
    lessonId: z.string().min(1),
    lesson: z.looseObject({}).optional(),
  })
  .transform((data) => ({ ...data.lesson, ...data }))
  .pipe(
    z.object({
      courseId: z.string().min(1),
      lessonId: z.string().min(1),
      title: z.string().default(''),
      position: z.number().int(),
    }),
  );

/** LESSON_REMOVED: the lesson that went, and the order of those that stay. */
const RemovedLessonData = z.object({
  courseId: z.string().min(1),
  lessonId: z.string().min(1),
  lessonIds: z.array(z.string()),
});

/** LESSON_UPDATED carries the course's lesson order too, which a move changes. */
const UpdatedLessonOrder = z.looseObject({ lessonIds: z.array(z.string()).optional() });

const AccessData = z.object({
  userId: z.string().min(1),
  courseId: z.string().min(1),
  paymentId: z.string().min(1).optional(),
  /** Absent on PAYMENT_REFUNDED, which is a purchase's revocation. */
  reason: z.string().optional(),
  partnerId: z.string().min(1).optional(),
  enrollmentId: z.string().min(1).optional(),
  email: z.string().optional(),
});
type Access = z.infer<typeof AccessData>;

/** A partner's seat (reason `enrollment`), or null for a purchase's grant or revocation. */
function seatOf(access: Access, event: { id: string; metadata: { timestamp: string } }): SeatChange | null {
  if (access.reason !== 'enrollment' || !access.partnerId) return null;
  return {
    partnerId: access.partnerId,
    userId: access.userId,
    courseId: access.courseId,
    // The courses service always names the seat; the event id (also UUIDv7) stands in otherwise.
    enrollmentId: access.enrollmentId ?? event.id,
    email: access.email ?? null,
    at: new Date(event.metadata.timestamp),
  };
}

const SubscriptionData = z.object({ subscriptionId: z.string().min(1), userId: z.string().min(1) });
const UserData = z.object({ userId: z.string().min(1), name: z.string() });

/** The consumer group; also the inbox's `consumer` column. */
export const PROJECTIONS_GROUP = 'progress.projections';

const projectCourse: EventHandler = async ({ event, tx }) => {
  const course = CourseData.parse(event.data);
  await upsertCourse(tx, course);
  // The courses service reports a lesson reorder as COURSE_UPDATED with the new order.
  if (course.lessonIds) await reorderLessons(tx, course.courseId, course.lessonIds);
};

const projectLesson: EventHandler = async ({ event, tx }) => {
  const lesson = LessonData.parse(event.data);
  await upsertLesson(tx, lesson);
  const { lessonIds } = UpdatedLessonOrder.parse(event.data);
  if (lessonIds) await reorderLessons(tx, lesson.courseId, lessonIds);
};

const dropLesson: EventHandler = async ({ event, tx }) => {
  const removal = RemovedLessonData.parse(event.data);
  await removeLesson(tx, removal);
  await reorderLessons(tx, removal.courseId, removal.lessonIds);
};

const projectLearner: EventHandler = async ({ event, tx }) => {
  await upsertLearner(tx, UserData.parse(event.data));
};

const grantAccess: EventHandler = async ({ event, tx }) => {
  const access = AccessData.parse(event.data);
  const seat = seatOf(access, event);
  if (seat) {
    await grantSeat(tx, seat);
    return;
  }
  await grantCourseAccess(tx, {
    userId: access.userId,
    courseId: access.courseId,
    paymentId: access.paymentId ?? null,
  });
};

/**
 * A revoked seat ends that seat only. A refund (or a purchase's revocation) ends the purchase's
 * access and revokes the course's certificate, unless a partner's seat still gives the course.
 * A revoked seat leaves an earned certificate alone: the partner ended the seat, the learner
 * still did the work.
 */
const revokeAccess: EventHandler = async ({ event, tx, log }) => {
  const access = AccessData.parse(event.data);
  const seat = seatOf(access, event);
  if (seat) {
    await revokeSeat(tx, seat);
    return;
  }
  await revokeCourseAccess(tx, {
    userId: access.userId,
    courseId: access.courseId,
    paymentId: access.paymentId ?? null,
  });
  if (await hasCourseAccess(tx, access.userId, access.courseId)) return;
  const certificateId = await revokeCertificate(tx, access);
  if (certificateId) log.info('certificate revoked', { certificateId, courseId: access.courseId });
};

const startSubscription: EventHandler = async ({ event, tx }) => {
  await setSubscription(tx, { ...SubscriptionData.parse(event.data), status: 'active' });
};

const endSubscription: EventHandler = async ({ event, tx }) => {
  await setSubscription(tx, { ...SubscriptionData.parse(event.data), status: 'canceled' });
};

/**
 * Keeps the progress service's projections (courses, lessons, learners, entitlements) from
 * other services' events, and revokes certificates on refunds. The event backbone delivers
 * events through `handleEventOnce`, which records each event id in the inbox with the effect,
 * so redeliveries change nothing.
 */
export function createProgressConsumer(): ServiceConsumer {
  return {
    group: PROJECTIONS_GROUP,
    topics: ['course-events', 'payment-events', 'user-events'],
    handlers: {
      COURSE_CREATED: projectCourse,
      COURSE_UPDATED: projectCourse,
      COURSE_PUBLISHED: projectCourse,
      COURSE_UNPUBLISHED: projectCourse,
      COURSE_ARCHIVED: projectCourse,
      LESSON_ADDED: projectLesson,
      LESSON_UPDATED: projectLesson,
      LESSON_REMOVED: dropLesson,
      COURSE_ACCESS_GRANTED: grantAccess,
      COURSE_ACCESS_REVOKED: revokeAccess,
      PAYMENT_REFUNDED: revokeAccess,
      SUBSCRIPTION_CREATED: startSubscription,
      SUBSCRIPTION_CANCELED: endSubscription,
      USER_CREATED: projectLearner,
      USER_UPDATED: projectLearner,
    },
    inbox,
    outbox,
    source: EVENT_SOURCE,
  };
}
