import type { Database } from '@edu/platform/db';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { accessAfterGrant } from '../domain/access.ts';
import { certificates, courseAccess, courses, learners, lessons, subscriptions } from './schema.ts';

/** Writes of the projections the consumer keeps; each is safe to repeat. */

export async function upsertCourse(
  tx: Database,
  course: { courseId: string; title: string; instructorId: string; status: 'draft' | 'published' },
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
