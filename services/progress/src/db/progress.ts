import { type Database, queryRows } from '@edu/platform/db';
import { and, asc, eq, sql } from 'drizzle-orm';
import type { RecordedStatus } from '../domain/progress.ts';
import {
  courseAccess,
  courseCompletions,
  courseEnrollments,
  courses,
  lessonProgress,
  lessons,
  subscriptions,
} from './schema.ts';

export interface LessonContext {
  lessonId: string;
  courseId: string;
  instructorId: string | null;
  courseTitle: string | null;
  hasCourseAccess: boolean;
  hasSubscription: boolean;
}

/** The lesson, its course, and what decides whether `userId` may record progress in it — one round trip. */
export async function findLessonContext(
  db: Database,
  lessonId: string,
  userId: string,
): Promise<LessonContext | null> {
  const [row] = await queryRows<{
    lesson_id: string;
    course_id: string;
    instructor_id: string | null;
    course_title: string | null;
    has_course_access: boolean;
    has_subscription: boolean;
  }>(
    db,
    sql`select l.lesson_id, l.course_id, c.instructor_id, c.title as course_title,
      exists (
        select 1 from ${courseAccess} a
        where a.user_id = ${userId} and a.course_id = l.course_id and a.status = 'active'
      ) as has_course_access,
      exists (
        select 1 from ${subscriptions} s where s.user_id = ${userId} and s.status = 'active'
      ) as has_subscription
    from ${lessons} l
    left join ${courses} c on c.course_id = l.course_id
    where l.lesson_id = ${lessonId}`,
  );
  if (!row) return null;
  return {
    lessonId: row.lesson_id,
    courseId: row.course_id,
    instructorId: row.instructor_id,
    courseTitle: row.course_title,
    hasCourseAccess: row.has_course_access,
    hasSubscription: row.has_subscription,
  };
}

export interface RecordedLesson {
  status: RecordedStatus;
  completedAt: Date | null;
  /** True only for the request that moved the lesson to `completed`. */
  newlyCompleted: boolean;
}

/**
 * Records `status` for one lesson. Completion is written with a conditional upsert, so of
 * two concurrent requests only one sees `newlyCompleted` (the row lock orders them).
 */
export async function recordLessonStatus(
  tx: Database,
  input: { userId: string; lessonId: string; courseId: string; status: RecordedStatus },
): Promise<RecordedLesson> {
  const { userId, lessonId, courseId } = input;
  if (input.status === 'completed') {
    const [changed] = await tx
      .insert(lessonProgress)
      .values({ userId, lessonId, courseId, status: 'completed', completedAt: sql`now()` })
      .onConflictDoUpdate({
        target: [lessonProgress.userId, lessonProgress.lessonId],
        set: { status: 'completed', completedAt: sql`now()` },
        setWhere: sql`${lessonProgress.status} <> 'completed'`,
      })
      .returning({ completedAt: lessonProgress.completedAt });
    if (changed) return { status: 'completed', completedAt: changed.completedAt, newlyCompleted: true };
  } else {
    await tx
      .insert(lessonProgress)
      .values({ userId, lessonId, courseId, status: 'viewed' })
      .onConflictDoNothing();
  }
  const [current] = await tx
    .select({ status: lessonProgress.status, completedAt: lessonProgress.completedAt })
    .from(lessonProgress)
    .where(and(eq(lessonProgress.userId, userId), eq(lessonProgress.lessonId, lessonId)));
  if (!current) throw new Error('The lesson progress row vanished inside its own transaction');
  return { status: current.status, completedAt: current.completedAt, newlyCompleted: false };
}

/**
 * Locks the (user, course) row, creating it first when needed. Everything after this in
 * the transaction runs one at a time per user and course, and — under READ COMMITTED — each
 * later statement sees what the previous holder of the lock committed.
 */
export async function lockEnrollment(tx: Database, userId: string, courseId: string): Promise<void> {
  await tx.insert(courseEnrollments).values({ userId, courseId }).onConflictDoNothing();
  await tx
    .select({ userId: courseEnrollments.userId })
    .from(courseEnrollments)
    .where(and(eq(courseEnrollments.userId, userId), eq(courseEnrollments.courseId, courseId)))
    .for('update');
}

export interface CourseCounts {
  courseId: string;
  completedLessons: number;
  totalLessons: number;
  completedAt: Date | null;
}

/** Completed and total lessons, and the completion time, for each of `courseIds` (all of them, even unknown ones). */
export async function countProgress(
  db: Database,
  userId: string,
  courseIds: string[],
): Promise<CourseCounts[]> {
  if (courseIds.length === 0) return [];
  const rows = await queryRows<{
    course_id: string;
    total_lessons: number;
    completed_lessons: number;
    completed_at: string | Date | null;
  }>(
    db,
    sql`select ids.course_id,
      (select count(*)::int from ${lessons} l where l.course_id = ids.course_id) as total_lessons,
      (select count(*)::int from ${lessonProgress} p
        join ${lessons} l on l.lesson_id = p.lesson_id
        where p.user_id = ${userId} and p.course_id = ids.course_id and p.status = 'completed') as completed_lessons,
      (select cc.completed_at from ${courseCompletions} cc
        where cc.user_id = ${userId} and cc.course_id = ids.course_id) as completed_at
    from (values ${sql.join(
      courseIds.map((courseId) => sql`(${courseId}::text)`),
      sql`, `,
    )}) as ids(course_id)`,
  );
  return rows.map((row) => ({
    courseId: row.course_id,
    totalLessons: Number(row.total_lessons),
    completedLessons: Number(row.completed_lessons),
    completedAt: row.completed_at === null ? null : new Date(row.completed_at),
  }));
}

export interface LessonWithStatus {
  lessonId: string;
  position: number;
  status: RecordedStatus | null;
}

/** The course's lessons in order, each with the user's recorded status. */
export async function lessonsWithStatus(
  db: Database,
  userId: string,
  courseId: string,
): Promise<LessonWithStatus[]> {
  return db
    .select({ lessonId: lessons.lessonId, position: lessons.position, status: lessonProgress.status })
    .from(lessons)
    .leftJoin(
      lessonProgress,
      and(eq(lessonProgress.lessonId, lessons.lessonId), eq(lessonProgress.userId, userId)),
    )
    .where(eq(lessons.courseId, courseId))
    .orderBy(asc(lessons.position), asc(lessons.lessonId));
}

/** Whether we know the course at all (from a course event or one of its lessons). */
export async function isKnownCourse(db: Database, courseId: string): Promise<boolean> {
  const [row] = await queryRows<{ known: boolean }>(
    db,
    sql`select exists (select 1 from ${courses} where course_id = ${courseId})
      or exists (select 1 from ${lessons} where course_id = ${courseId}) as known`,
  );
  return row?.known === true;
}
