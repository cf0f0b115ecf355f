import type { Role } from '@edu/contracts';
import { AppError } from '@edu/platform/http';

interface ProgressCaller {
  userId: string;
  roles: readonly Role[];
}

interface CourseAccessFacts {
  /** The course's instructor as last announced, or null when the course is not known yet. */
  instructorId: string | null;
  /** A purchase (or enrollment) of this course that was not refunded. */
  hasCourseAccess: boolean;
  /** An active all-access subscription. */
  hasSubscription: boolean;
}

/** The learner whose progress a caller asks about: progress is personal, so partner clients have none. */
export function learnerOf(caller: { kind: string; sub: string }): string {
  if (caller.kind !== 'user') throw new AppError('forbidden', 'Only signed-in learners have progress');
  return caller.sub;
}

/**
 * Who may record progress in a course: entitled learners (bought it, or subscribe), the
 * course's own instructor (trying the course out) and admins.
 */
export function mayRecordProgress(caller: ProgressCaller, facts: CourseAccessFacts): boolean {
  if (caller.roles.includes('admin')) return true;
  if (facts.instructorId !== null && facts.instructorId === caller.userId) return true;
  return facts.hasCourseAccess || facts.hasSubscription;
}

/**
 * The course access after a grant: a grant for the very purchase that was refunded is stale
 * (refunds and grants travel on different topics, so they may arrive in either order).
 */
export function accessAfterGrant(
  current: { status: 'active' | 'revoked'; paymentId: string | null } | null,
  grantPaymentId: string | null,
): 'active' | 'revoked' {
  if (current?.status === 'revoked' && grantPaymentId !== null && current.paymentId === grantPaymentId) {
    return 'revoked';
  }
  return 'active';
}

/**
 * Whether the caller may see progress in a course at all: a draft is visible only to its
 * instructor and admins (as in the courses service); a course we know only from its lessons
 * counts as visible, since drafts are announced before their lessons.
 */
export function mayViewCourse(
  caller: ProgressCaller,
  course: { status: 'draft' | 'published' | 'archived'; instructorId: string } | null,
): boolean {
  // An archived course is still there for those who own it (their entitlement decides).
  if (course?.status !== 'draft') return true;
  return caller.roles.includes('admin') || course.instructorId === caller.userId;
}

/** A partner's seat as a grant or revocation announces it. */
export interface SeatChange {
  partnerId: string;
  userId: string;
  courseId: string;
  enrollmentId: string;
  email: string | null;
  /** When the event happened (the seat's enrollment time, for a grant). */
  at: Date;
}

/**
 * The partner's seat an access grant or revocation is about (reason `enrollment` with a
 * partner), or null for a purchase's. The courses service always names the seat; the event's
 * id (also UUIDv7) stands in otherwise.
 */
export function seatOf(
  access: {
    userId: string;
    courseId: string;
    reason: string;
    partnerId?: string | undefined;
    enrollmentId?: string | undefined;
    email?: string | undefined;
  },
  event: { eventId: string; at: Date },
): SeatChange | null {
  if (access.reason !== 'enrollment' || !access.partnerId) return null;
  return {
    partnerId: access.partnerId,
    userId: access.userId,
    courseId: access.courseId,
    enrollmentId: access.enrollmentId ?? event.eventId,
    email: access.email ?? null,
    at: event.at,
  };
}

/** What the progress service knows of one partner's seat for a learner in a course. */
export interface KnownSeat {
  enrollmentId: string;
  revokedAt: Date | null;
}

/**
 * Whether a seat grant or revocation changes the recorded seat. Enrollment ids are UUIDv7, so
 * their order is their age: news of an older seat than the recorded one is stale, and a grant
 * of the very seat already revoked (redelivered, or overtaken by its revocation) is too.
 */
export function seatEventApplies(
  current: KnownSeat | null,
  event: { kind: 'grant' | 'revoke'; enrollmentId: string },
): boolean {
  if (!current) return true;
  if (current.enrollmentId > event.enrollmentId) return false;
  if (event.kind === 'grant' && current.enrollmentId === event.enrollmentId)
    return current.revokedAt === null;
  return true;
}
