import type { Role } from '@edu/contracts';

export interface ProgressCaller {
  userId: string;
  roles: readonly Role[];
}

export interface CourseAccessFacts {
  /** The course's instructor as last announced, or null when the course is not known yet. */
  instructorId: string | null;
  /** A purchase (or enrollment) of this course that was not refunded. */
  hasCourseAccess: boolean;
  /** An active all-access subscription. */
  hasSubscription: boolean;
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
