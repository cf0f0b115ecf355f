import { type Database, queryRows } from '@edu/platform/db';
import { and, asc, eq, sql } from 'drizzle-orm';
import type { RecordedStatus } from '../domain/progress.ts';
import {
  certificates,
  courseAccess,
  courseCompletions,
  courseEnrollments,
  courses,
  lessonProgress,
  lessons,
  partnerSeats,
  subscriptions,
} from './schema.ts';

interface LessonContext {
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
 * The prepared lesson-context query of each connection pool (keyed by the pool, `$client`).
 * Safe to keep at module level: a statement belongs to the pool it was prepared on and goes
 * with it. On Bun one pool serves every request, so it is prepared once; on Workers the app is
 * built once per isolate but each request has a pool of its own, so it is prepared per request
 * and never shared between requests.
 */
const preparedByPool = new WeakMap<object, ReturnType<typeof prepareQuery>>();

/**
 * The lesson, its course, the user's status in it and what decides whether the user may
 * record progress — one round trip, a prepared statement because it runs on every request.
 */
export async function findLessonContext(
  db: Database,
  lessonId: string,
  userId: string,
): Promise<LessonContext | null> {
  const pool = (db as unknown as { $client: object }).$client;
  let query = preparedByPool.get(pool);
  if (!query) {
    query = prepareQuery(db);
    preparedByPool.set(pool, query);
  }
  const [row] = await query.execute({ lessonId, userId });
  return row ?? null;
}

function prepareQuery(db: Database) {
  return db
    .select({
      lessonId: lessons.lessonId,
      courseId: lessons.courseId,
      instructorId: courses.instructorId,
      courseTitle: courses.title,
      // A purchase, or a seat from any partner: each source of access stands on its own.
      hasCourseAccess: sql<boolean>`exists (
        select 1 from ${courseAccess}
        where ${courseAccess.userId} = ${userIdParam} and ${courseAccess.courseId} = ${lessons.courseId}
          and ${courseAccess.status} = 'active')
        or exists (
        select 1 from ${partnerSeats}
        where ${partnerSeats.userId} = ${userIdParam} and ${partnerSeats.courseId} = ${lessons.courseId}
          and ${partnerSeats.revokedAt} is null)`,
      // A subscription covers the catalog; an archived course stays only with those who own it.
      hasSubscription: sql<boolean>`${courses.status} is distinct from 'archived' and exists (
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
}

interface RecordedLesson {
  status: RecordedStatus;
  completedAt: Date | null;
  /** Set only for the request that moved the lesson to `completed`. */
  completion: { completedLessons: number; totalLessons: number } | null;
}

/**
 * Records `status` for one lesson, in one statement. Completion is a conditional upsert, so
 * of two concurrent requests for one lesson only one completes it. That one also bumps the
 * (user, course) counter with an upsert: "on conflict do update" waits for a concurrent
 * holder of the row and then updates the newest committed version, so the counts of one
 * user and course go up one at a time and exactly one request sees the last lesson done.
 * The row stays locked until the transaction ends, covering the completion that follows.
 */
export async function recordLessonStatus(
  tx: Database,
  input: { userId: string; lessonId: string; courseId: string; status: RecordedStatus },
): Promise<RecordedLesson> {
  const { userId, lessonId, courseId } = input;
  if (input.status === 'completed') {
    const [changed] = await queryRows<{
      completed_at: string | Date;
      completed_lessons: number;
      total_lessons: number;
    }>(
      tx,
      sql`with done as (
        insert into ${lessonProgress} (user_id, lesson_id, course_id, status, completed_at)
        values (${userId}, ${lessonId}, ${courseId}, 'completed', now())
        on conflict (user_id, lesson_id) do update set status = 'completed', completed_at = now()
          where ${lessonProgress.status} <> 'completed'
        returning completed_at
      ), counted as (
        insert into ${courseEnrollments} (user_id, course_id, completed_lessons)
        select ${userId}, ${courseId}, 1 from done
        on conflict (user_id, course_id)
          do update set completed_lessons = ${courseEnrollments.completedLessons} + 1
        returning completed_lessons
      )
      select done.completed_at, counted.completed_lessons,
        (select count(*)::int from ${lessons} where course_id = ${courseId}) as total_lessons
      from done, counted`,
    );
    if (changed) {
      return {
        status: 'completed',
        completedAt: new Date(changed.completed_at),
        completion: {
          completedLessons: Number(changed.completed_lessons),
          totalLessons: Number(changed.total_lessons),
        },
      };
    }
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
  return { status: current.status, completedAt: current.completedAt, completion: null };
}

interface CourseCounts {
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
  return countLearnerProgress(
    db,
    courseIds.map((courseId) => ({ userId, courseId })),
  );
}

interface LearnerCourseCounts extends CourseCounts {
  userId: string;
  /** The last time the learner viewed or completed a lesson of the course (null: never). */
  lastActivityAt: Date | null;
  /** The learner's certificate for the course, unless it was revoked. */
  certificateId: string | null;
}

/**
 * The figures of `countProgress` for any (learner, course) pairs at once, in their order,
 * with the learner's last activity and certificate: one query for a whole report page.
 */
export async function countLearnerProgress(
  db: Database,
  pairs: Array<{ userId: string; courseId: string }>,
): Promise<LearnerCourseCounts[]> {
  if (pairs.length === 0) return [];
  const rows = await queryRows<{
    user_id: string;
    course_id: string;
    total_lessons: number;
    completed_lessons: number;
    completed_at: string | Date | null;
    last_activity_at: string | Date | null;
    certificate_id: string | null;
  }>(
    db,
    sql`select ids.user_id, ids.course_id,
      (select count(*)::int from ${lessons} l where l.course_id = ids.course_id) as total_lessons,
      (select count(*)::int from ${lessonProgress} p
        join ${lessons} l on l.lesson_id = p.lesson_id
        where p.user_id = ids.user_id and p.course_id = ids.course_id and p.status = 'completed') as completed_lessons,
      (select cc.completed_at from ${courseCompletions} cc
        where cc.user_id = ids.user_id and cc.course_id = ids.course_id) as completed_at,
      (select max(greatest(p.viewed_at, p.completed_at)) from ${lessonProgress} p
        where p.user_id = ids.user_id and p.course_id = ids.course_id) as last_activity_at,
      (select c.id from ${certificates} c
        where c.user_id = ids.user_id and c.course_id = ids.course_id and c.revoked_at is null) as certificate_id
    from (values ${sql.join(
      pairs.map((pair, index) => sql`(${index}::int, ${pair.userId}::text, ${pair.courseId}::text)`),
      sql`, `,
    )}) as ids(position, user_id, course_id)
    order by ids.position`,
  );
  const at = (value: string | Date | null) => (value === null ? null : new Date(value));
  return rows.map((row) => ({
    userId: row.user_id,
    courseId: row.course_id,
    totalLessons: Number(row.total_lessons),
    completedLessons: Number(row.completed_lessons),
    completedAt: at(row.completed_at),
    lastActivityAt: at(row.last_activity_at),
    certificateId: row.certificate_id,
  }));
}

interface LessonWithStatus {
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

/** The course as last announced, or null when no course event has arrived for it. */
export async function findCourse(
  db: Database,
  courseId: string,
): Promise<{ status: 'draft' | 'published' | 'archived'; instructorId: string } | null> {
  const [row] = await db
    .select({ status: courses.status, instructorId: courses.instructorId })
    .from(courses)
    .where(eq(courses.courseId, courseId));
  return row ?? null;
}
