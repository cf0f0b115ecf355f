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
  /** What the user has recorded for this lesson so far (null: nothing). */
  status: RecordedStatus | null;
  completedAt: Date | null;
}

const userIdParam = sql.placeholder('userId');

/**
 * The lesson, its course, the user's status in it and what decides whether the user may
 * record progress — one round trip, prepared once per app because it runs on every request.
 */
export function prepareLessonContext(db: Database) {
  const query = db
    .select({
      lessonId: lessons.lessonId,
      courseId: lessons.courseId,
      instructorId: courses.instructorId,
      courseTitle: courses.title,
      hasCourseAccess: sql<boolean>`exists (
        select 1 from ${courseAccess}
        where ${courseAccess.userId} = ${userIdParam} and ${courseAccess.courseId} = ${lessons.courseId}
          and ${courseAccess.status} = 'active')`,
      hasSubscription: sql<boolean>`exists (
        select 1 from ${subscriptions}
        where ${subscriptions.userId} = ${userIdParam} and ${subscriptions.status} = 'active')`,
      status: lessonProgress.status,
      completedAt: lessonProgress.completedAt,
    })
    .from(lessons)
    .leftJoin(courses, eq(courses.courseId, lessons.courseId))
    .leftJoin(
      lessonProgress,
      and(eq(lessonProgress.lessonId, lessons.lessonId), eq(lessonProgress.userId, userIdParam)),
    )
    .where(eq(lessons.lessonId, sql.placeholder('lessonId')))
    .prepare('progress_lesson_context');
  return async (lessonId: string, userId: string): Promise<LessonContext | null> => {
    const [row] = await query.execute({ lessonId, userId });
    return row ?? null;
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
  // One statement: "do update" takes the row lock whether the row is new or already there.
  await tx
    .insert(courseEnrollments)
    .values({ userId, courseId })
    .onConflictDoUpdate({
      target: [courseEnrollments.userId, courseEnrollments.courseId],
      set: { userId: sql`excluded.user_id` },
    });
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
