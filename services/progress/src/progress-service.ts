import { newId } from '@edu/contracts';
import type { ServiceDeps } from '@edu/platform';
import type { Database } from '@edu/platform/db';
import { appendToOutbox, type NewEvent } from '@edu/platform/events';
import { AppError, type Identity } from '@edu/platform/http';
import type { CertificateKeys, CertificateSigner } from './certificate-keys.ts';
import { findLearnerName, insertCertificate, insertCompletion } from './db/certificates.ts';
import {
  countProgress,
  findCourse,
  lessonsWithStatus,
  prepareLessonContext,
  recordLessonStatus,
} from './db/progress.ts';
import { outbox } from './db/schema.ts';
import { mayRecordProgress, mayViewCourse } from './domain/access.ts';
import { certificateClaims, learnerNameFor } from './domain/certificate.ts';
import {
  type CourseProgressSummary,
  isCourseComplete,
  type LessonStatus,
  nextLessonStatus,
  type RecordedStatus,
  resumeLessonId,
  summarizeProgress,
} from './domain/progress.ts';

export const EVENT_SOURCE = 'progress';

export interface RequestContext {
  caller: Identity;
  /** The request id: the correlationId of the events this request causes. */
  requestId: string;
}

export interface LessonProgressResult {
  lessonId: string;
  courseId: string;
  status: RecordedStatus;
  completedAt: string | null;
}

export interface CourseProgressDetail extends CourseProgressSummary {
  lessons: Array<{ lessonId: string; status: LessonStatus }>;
  resumeLessonId: string | null;
}

/** Progress is personal: partner clients (kind `client`) have no lessons to complete. */
function learnerOf(caller: Identity): string {
  if (caller.kind !== 'user') throw new AppError('forbidden', 'Only signed-in learners have progress');
  return caller.sub;
}

/**
 * Completes the course when `completion` says the last lesson is done. Only the transaction
 * that counted the last lesson gets here (see `recordLessonStatus`), and the primary key of
 * course_completions guards it once more; that transaction issues the certificate and
 * returns the COURSE_COMPLETED event.
 */
async function completeCourseIfDone(
  tx: Database,
  sign: CertificateSigner,
  issuer: string,
  input: {
    caller: Identity;
    courseId: string;
    courseTitle: string | null;
    completedAt: Date;
    completion: { completedLessons: number; totalLessons: number };
  },
): Promise<NewEvent | null> {
  const userId = input.caller.sub;
  if (!isCourseComplete(input.completion.completedLessons, input.completion.totalLessons)) return null;
  const certificateId = newId();
  const recorded = await insertCompletion(tx, {
    userId,
    courseId: input.courseId,
    completedAt: input.completedAt,
    certificateId,
  });
  if (!recorded) return null;
  const facts = {
    id: certificateId,
    userId,
    courseId: input.courseId,
    learnerName: learnerNameFor(await findLearnerName(tx, userId), input.caller.name),
    courseTitle: input.courseTitle ?? `Course ${input.courseId}`,
    issuedAt: input.completedAt,
  };
  const credential = await sign(certificateClaims(facts, issuer));
  await insertCertificate(tx, { ...facts, credential });
  return {
    type: 'COURSE_COMPLETED',
    key: userId,
    data: { userId, courseId: input.courseId, completedAt: input.completedAt.toISOString(), certificateId },
  };
}

export function createProgressService(deps: ServiceDeps, keys: CertificateKeys, issuer: string) {
  const { db } = deps;
  const findLessonContext = prepareLessonContext(db);

  return {
    async recordLesson(
      context: RequestContext,
      lessonId: string,
      status: RecordedStatus,
    ): Promise<LessonProgressResult> {
      const userId = learnerOf(context.caller);
      const lesson = await findLessonContext(lessonId, userId);
      if (!lesson) throw new AppError('not_found', `No lesson ${lessonId}`);
      if (!mayRecordProgress({ userId, roles: context.caller.roles }, lesson)) {
        throw new AppError('forbidden', 'Progress is recorded only for learners entitled to the course');
      }
      const current = {
        lessonId,
        courseId: lesson.courseId,
        completedAt: lesson.completedAt?.toISOString() ?? null,
      };
      // Nothing to write when the lesson is already where the request would take it.
      if (lesson.status && nextLessonStatus(lesson.status, status) === lesson.status) {
        return { ...current, status: lesson.status };
      }
      // The signer is ready before the transaction opens: on PGlite (one connection) loading
      // the key inside it would wait for the very transaction that waits for the key.
      const sign = await keys.signer();
      const recorded = await db.transaction(async (tx) => {
        const result = await recordLessonStatus(tx, { userId, lessonId, courseId: lesson.courseId, status });
        if (!result.completion || !result.completedAt) return result;
        const completedAt = result.completedAt;
        const events: NewEvent[] = [
          {
            type: 'LESSON_COMPLETED',
            key: userId,
            data: { userId, courseId: lesson.courseId, lessonId, completedAt: completedAt.toISOString() },
          },
        ];
        const courseCompleted = await completeCourseIfDone(tx, sign, issuer, {
          caller: context.caller,
          courseId: lesson.courseId,
          courseTitle: lesson.courseTitle,
          completedAt,
          completion: result.completion,
        });
        if (courseCompleted) events.push(courseCompleted);
        await appendToOutbox(tx, outbox, events, { correlationId: context.requestId, source: EVENT_SOURCE });
        return result;
      });
      return {
        lessonId,
        courseId: lesson.courseId,
        status: recorded.status,
        completedAt: recorded.completedAt ? recorded.completedAt.toISOString() : null,
      };
    },

    async courseProgress(caller: Identity, courseId: string): Promise<CourseProgressDetail> {
      const userId = learnerOf(caller);
      const [course, lessons, counts] = await Promise.all([
        findCourse(db, courseId),
        lessonsWithStatus(db, userId, courseId),
        countProgress(db, userId, [courseId]),
      ]);
      const known = course !== null || lessons.length > 0;
      if (!known || !mayViewCourse({ userId, roles: caller.roles }, course)) {
        throw new AppError('not_found', `No course ${courseId}`);
      }
      const statusOf = new Map<string, LessonStatus>(
        lessons.map((lesson) => [lesson.lessonId, lesson.status ?? 'not_started']),
      );
      const completedLessons = lessons.filter((lesson) => lesson.status === 'completed').length;
      return {
        ...summarizeProgress({
          courseId,
          completedLessons,
          totalLessons: lessons.length,
          completedAt: counts[0]?.completedAt ?? null,
        }),
        lessons: lessons.map((lesson) => ({
          lessonId: lesson.lessonId,
          status: lesson.status ?? 'not_started',
        })),
        resumeLessonId: resumeLessonId(lessons, (id) => statusOf.get(id) ?? 'not_started'),
      };
    },

    async progressForCourses(caller: Identity, courseIds: string[]): Promise<CourseProgressSummary[]> {
      const userId = learnerOf(caller);
      const unique = [...new Set(courseIds)];
      return (await countProgress(db, userId, unique)).map(summarizeProgress);
    },
  };
}

export type ProgressService = ReturnType<typeof createProgressService>;
