import { z } from 'zod';
import type { EventType } from './events.ts';
import { RoleSchema } from './roles.ts';

/**
 * What each event type carries in `data`. Publishers build it with these schemas and
 * consumers parse it with them, so a change here is a change of contract between services.
 * Fields may be added; none may be removed or change meaning.
 */
const iso = z.iso.datetime();
const money = { amountCents: z.number().int().nonnegative(), currency: z.string().length(3) };

export const UserEventData = z.object({
  userId: z.string(),
  email: z.string(),
  name: z.string(),
  /** The user's chosen locale (e.g. `ru`); null until they choose one. */
  locale: z.string().nullable(),
  roles: z.array(RoleSchema),
});

export const CourseEventData = z.object({
  courseId: z.string(),
  instructorId: z.string(),
  title: z.string(),
  /** `archived`: out of the catalog and not for sale, still readable by those who own it. */
  status: z.enum(['draft', 'published', 'archived']),
  priceCents: z.number().int().nonnegative(),
  currency: z.string().length(3),
  lessonCount: z.number().int().nonnegative(),
  /** COURSE_UPDATED: the fields the request changed, e.g. `["title", "priceCents"]`. */
  changed: z.array(z.string()).optional(),
});

export const LessonAddedData = z.object({
  courseId: z.string(),
  lessonId: z.string(),
  title: z.string(),
  position: z.number().int(),
  durationSec: z.number().int().nonnegative().optional(),
  freePreview: z.boolean().optional(),
  /** The course's lessons counting this one. */
  lessonCount: z.number().int().nonnegative().optional(),
});

/** A lesson's title, position, duration or preview flag changed (content too, named in `changed`). */
export const LessonUpdatedData = z.object({
  courseId: z.string(),
  lessonId: z.string(),
  title: z.string(),
  position: z.number().int(),
  durationSec: z.number().int().nonnegative(),
  freePreview: z.boolean(),
  /** The fields the request changed, e.g. `["title", "content"]`. */
  changed: z.array(z.string()),
  /** Every lesson of the course in its (possibly new) order. */
  lessonIds: z.array(z.string()),
});

/** A lesson was deleted; the others closed up (`lessonIds` is their order, positions 1..n). */
export const LessonRemovedData = z.object({
  courseId: z.string(),
  lessonId: z.string(),
  lessonCount: z.number().int().nonnegative(),
  lessonIds: z.array(z.string()),
});

export const CoursePurchasedData = z.object({
  paymentId: z.string(),
  userId: z.string(),
  courseId: z.string(),
  ...money,
  /** True for payments of the embedded test-mode provider. */
  test: z.boolean(),
});

export const CourseAccessData = z.object({
  userId: z.string(),
  courseId: z.string(),
  reason: z.enum(['purchase', 'refund', 'enrollment']),
  paymentId: z.string().optional(),
  /** The partner client that enrolled the learner (reason `enrollment`), as its token's `sub`. */
  partnerId: z.string().optional(),
  /** The partner enrollment (seat) this grant or revocation is about (reason `enrollment`). */
  enrollmentId: z.string().optional(),
  /** The learner's email as the partner enrolled it (reason `enrollment`), for partner reports. */
  email: z.string().optional(),
});

export const PaymentFailedData = z.object({
  paymentId: z.string(),
  userId: z.string(),
  courseId: z.string().optional(),
  reason: z.string(),
});

export const PaymentRefundedData = z.object({
  paymentId: z.string(),
  refundId: z.string(),
  userId: z.string(),
  courseId: z.string(),
  ...money,
  reason: z.string().optional(),
});

export const SubscriptionEventData = z.object({
  subscriptionId: z.string(),
  userId: z.string(),
  planId: z.string(),
  currentPeriodEnd: iso.optional(),
});

export const LessonCompletedData = z.object({
  userId: z.string(),
  courseId: z.string(),
  lessonId: z.string(),
  completedAt: iso,
});

export const CourseCompletedData = z.object({
  userId: z.string(),
  courseId: z.string(),
  completedAt: iso,
  certificateId: z.string().optional(),
});

export const NotificationSentData = z.object({
  notificationId: z.string(),
  userId: z.string(),
  type: z.string(),
  channels: z.array(z.enum(['email', 'push', 'in_app'])),
});

export const EVENT_DATA_SCHEMAS = {
  USER_CREATED: UserEventData,
  USER_UPDATED: UserEventData,
  COURSE_CREATED: CourseEventData,
  COURSE_UPDATED: CourseEventData,
  COURSE_PUBLISHED: CourseEventData,
  LESSON_ADDED: LessonAddedData,
  LESSON_UPDATED: LessonUpdatedData,
  LESSON_REMOVED: LessonRemovedData,
  COURSE_UNPUBLISHED: CourseEventData,
  COURSE_ARCHIVED: CourseEventData,
  COURSE_PURCHASED: CoursePurchasedData,
  COURSE_ACCESS_GRANTED: CourseAccessData,
  COURSE_ACCESS_REVOKED: CourseAccessData,
  PAYMENT_FAILED: PaymentFailedData,
  PAYMENT_REFUNDED: PaymentRefundedData,
  SUBSCRIPTION_CREATED: SubscriptionEventData,
  SUBSCRIPTION_CANCELED: SubscriptionEventData,
  LESSON_COMPLETED: LessonCompletedData,
  COURSE_COMPLETED: CourseCompletedData,
  NOTIFICATION_SENT: NotificationSentData,
} as const satisfies Record<EventType, z.ZodType>;

export type EventData<Type extends EventType> = z.infer<(typeof EVENT_DATA_SCHEMAS)[Type]>;

/** Parses an event's `data` with the schema of its type (throws on a contract violation). */
export function parseEventData<Type extends EventType>(type: Type, data: unknown): EventData<Type> {
  return EVENT_DATA_SCHEMAS[type].parse(data) as EventData<Type>;
}
