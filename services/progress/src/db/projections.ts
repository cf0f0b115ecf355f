import { type Database, queryRows } from '@edu/platform/db';
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { accessAfterGrant, type KnownSeat, type SeatChange, seatEventApplies } from '../domain/access.ts';
import {
  certificates,
  courseAccess,
  courseEnrollments,
  courses,
  learners,
  lessonProgress,
  lessons,
  partnerSeats,
  subscriptions,
} from './schema.ts';

/** Writes of the projections the consumer keeps; each is safe to repeat. */

export async function upsertCourse(
  tx: Database,
  course: {
    courseId: string;
    title: string;
    instructorId: string;
    status: 'draft' | 'published' | 'archived';
  },
): Promise<void> {
  await tx
    .insert(courses)
    .values(course)
    .onConflictDoUpdate({
      target: courses.courseId,
      set: {
        title: course.title,
        instructorId: course.instructorId,
        status: course.status,
        updatedAt: sql`now()`,
      },
    });
}

export async function upsertLesson(
  tx: Database,
  lesson: { lessonId: string; courseId: string; title: string; position: number },
): Promise<void> {
  await tx
    .insert(lessons)
    .values(lesson)
    .onConflictDoUpdate({
      target: lessons.lessonId,
      set: { title: lesson.title, position: lesson.position },
    });
}

/**
 * A lesson was deleted: it leaves the course's totals and percentages, and learners' progress
 * in it goes too, so their completed-lesson counters (which decide completion) count it no more.
 */
export async function removeLesson(
  tx: Database,
  removal: { courseId: string; lessonId: string },
): Promise<void> {
  const dropped = await tx
    .delete(lessonProgress)
    .where(eq(lessonProgress.lessonId, removal.lessonId))
    .returning({ userId: lessonProgress.userId, status: lessonProgress.status });
  const completedBy = dropped.filter((row) => row.status === 'completed').map((row) => row.userId);
  if (completedBy.length > 0) {
    await tx
      .update(courseEnrollments)
      .set({ completedLessons: sql`greatest(${courseEnrollments.completedLessons} - 1, 0)` })
      .where(
        and(eq(courseEnrollments.courseId, removal.courseId), inArray(courseEnrollments.userId, completedBy)),
      );
  }
  await tx.delete(lessons).where(eq(lessons.lessonId, removal.lessonId));
}

/** Lessons were reordered: `lessonIds` is the new order (positions are 1-based). */
export async function reorderLessons(tx: Database, courseId: string, lessonIds: string[]): Promise<void> {
  for (const [index, lessonId] of lessonIds.entries()) {
    await tx
      .update(lessons)
      .set({ position: index + 1 })
      .where(and(eq(lessons.courseId, courseId), eq(lessons.lessonId, lessonId)));
  }
}

export async function upsertLearner(tx: Database, learner: { userId: string; name: string }): Promise<void> {
  await tx
    .insert(learners)
    .values(learner)
    .onConflictDoUpdate({ target: learners.userId, set: { name: learner.name, updatedAt: sql`now()` } });
}

export async function grantCourseAccess(
  tx: Database,
  grant: { userId: string; courseId: string; paymentId: string | null },
): Promise<void> {
  const [current] = await tx
    .select({ status: courseAccess.status, paymentId: courseAccess.paymentId })
    .from(courseAccess)
    .where(and(eq(courseAccess.userId, grant.userId), eq(courseAccess.courseId, grant.courseId)))
    .for('update');
  const status = accessAfterGrant(current ?? null, grant.paymentId);
  await tx
    .insert(courseAccess)
    .values({ ...grant, status })
    .onConflictDoUpdate({
      target: [courseAccess.userId, courseAccess.courseId],
      set: { status, paymentId: grant.paymentId, updatedAt: sql`now()` },
    });
}

export async function revokeCourseAccess(
  tx: Database,
  revocation: { userId: string; courseId: string; paymentId: string | null },
): Promise<void> {
  await tx
    .insert(courseAccess)
    .values({ ...revocation, status: 'revoked' })
    .onConflictDoUpdate({
      target: [courseAccess.userId, courseAccess.courseId],
      set: {
        status: 'revoked',
        paymentId: sql`coalesce(excluded.payment_id, ${courseAccess.paymentId})`,
        updatedAt: sql`now()`,
      },
    });
}

/** Revokes the user's certificate for the course (if any); returns the revoked certificate's id. */
export async function revokeCertificate(
  tx: Database,
  target: { userId: string; courseId: string },
): Promise<string | null> {
  const [revoked] = await tx
    .update(certificates)
    .set({ revokedAt: sql`now()` })
    .where(
      and(
        eq(certificates.userId, target.userId),
        eq(certificates.courseId, target.courseId),
        isNull(certificates.revokedAt),
      ),
    )
    .returning({ id: certificates.id });
  return revoked?.id ?? null;
}

export async function setSubscription(
  tx: Database,
  subscription: { subscriptionId: string; userId: string; status: 'active' | 'canceled' },
): Promise<void> {
  // A cancellation is final: a late or repeated SUBSCRIPTION_CREATED must not revive it.
  const set =
    subscription.status === 'canceled'
      ? { status: 'canceled' as const, updatedAt: sql`now()` }
      : { updatedAt: sql`now()` };
  await tx
    .insert(subscriptions)
    .values(subscription)
    .onConflictDoUpdate({ target: subscriptions.subscriptionId, set });
}

async function lockSeat(tx: Database, seat: SeatChange): Promise<KnownSeat | null> {
  const [current] = await tx
    .select({ enrollmentId: partnerSeats.enrollmentId, revokedAt: partnerSeats.revokedAt })
    .from(partnerSeats)
    .where(
      and(
        eq(partnerSeats.partnerId, seat.partnerId),
        eq(partnerSeats.userId, seat.userId),
        eq(partnerSeats.courseId, seat.courseId),
      ),
    )
    .for('update');
  return current ?? null;
}

/** A partner gave the learner a seat (a newer seat replaces the partner's older one). */
export async function grantSeat(tx: Database, seat: SeatChange): Promise<boolean> {
  if (!seatEventApplies(await lockSeat(tx, seat), { kind: 'grant', enrollmentId: seat.enrollmentId })) {
    return false;
  }
  const values = {
    enrollmentId: seat.enrollmentId,
    email: seat.email,
    enrolledAt: seat.at,
    revokedAt: null,
  };
  await tx
    .insert(partnerSeats)
    .values({ partnerId: seat.partnerId, userId: seat.userId, courseId: seat.courseId, ...values })
    .onConflictDoUpdate({
      target: [partnerSeats.partnerId, partnerSeats.userId, partnerSeats.courseId],
      set: values,
    });
  return true;
}

/** A partner revoked the seat; recorded even before its grant arrives, so a late grant stays revoked. */
export async function revokeSeat(tx: Database, seat: SeatChange): Promise<boolean> {
  const current = await lockSeat(tx, seat);
  if (!seatEventApplies(current, { kind: 'revoke', enrollmentId: seat.enrollmentId })) return false;
  await tx
    .insert(partnerSeats)
    .values({ ...seat, enrolledAt: seat.at, revokedAt: seat.at })
    .onConflictDoUpdate({
      target: [partnerSeats.partnerId, partnerSeats.userId, partnerSeats.courseId],
      set: { enrollmentId: seat.enrollmentId, revokedAt: seat.at },
    });
  return true;
}

/** Whether the learner still has the course through a purchase or any partner's active seat. */
export async function hasCourseAccess(tx: Database, userId: string, courseId: string): Promise<boolean> {
  const [row] = await queryRows<{ access: boolean }>(
    tx,
    sql`select exists (
      select 1 from ${courseAccess}
      where ${courseAccess.userId} = ${userId} and ${courseAccess.courseId} = ${courseId}
        and ${courseAccess.status} = 'active'
    ) or exists (
      select 1 from ${partnerSeats}
      where ${partnerSeats.userId} = ${userId} and ${partnerSeats.courseId} = ${courseId}
        and ${partnerSeats.revokedAt} is null
    ) as access`,
  );
  return row?.access === true;
}
