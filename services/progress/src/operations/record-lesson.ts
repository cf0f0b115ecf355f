import { newId } from '@edu/contracts';
import type { Database } from '@edu/platform/db';
import { appendToOutbox, type NewEvent } from '@edu/platform/events';
import { AppError, type Identity } from '@edu/platform/http';
import type { CertificateSigner } from '../adapters/certificate-keys.ts';
import { findLearnerName, insertCertificate, insertCompletion } from '../db/certificates.ts';
import { findLessonContext, recordLessonStatus } from '../db/progress.ts';
import { outbox } from '../db/schema.ts';
import { learnerOf, mayRecordProgress } from '../domain/access.ts';
import { certificateClaims, learnerNameFor } from '../domain/certificate.ts';
import { isCourseComplete, nextLessonStatus, type RecordedStatus } from '../domain/progress.ts';
import { courseCompletedEvent, EVENT_SOURCE, lessonCompletedEvent } from '../events/publish.ts';
import type { ProgressDeps, RequestContext } from './deps.ts';

interface LessonProgressResult {
  lessonId: string;
  courseId: string;
  status: RecordedStatus;
  completedAt: string | null;
}

/**
 * Records the caller's progress in a lesson (entitled learners, the course's instructor,
 * admins). Completing the last lesson completes the course once: that transaction issues the
 * certificate, and LESSON_COMPLETED and COURSE_COMPLETED go out with it.
 */
export async function recordLesson(
  deps: ProgressDeps,
  context: RequestContext,
  lessonId: string,
  status: RecordedStatus,
): Promise<LessonProgressResult> {
  const userId = learnerOf(context.caller);
  const lesson = await findLessonContext(deps.db, lessonId, userId);
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
  const sign = await deps.keys.signer();
  const recorded = await deps.db.transaction(async (tx) => {
    const result = await recordLessonStatus(tx, { userId, lessonId, courseId: lesson.courseId, status });
    if (!result.completion || !result.completedAt) return result;
    const completedAt = result.completedAt;
    const events: NewEvent[] = [
      lessonCompletedEvent({ userId, courseId: lesson.courseId, lessonId, completedAt }),
    ];
    const courseCompleted = await completeCourseIfDone(tx, sign, deps.issuer, {
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
  return courseCompletedEvent({
    userId,
    courseId: input.courseId,
    completedAt: input.completedAt,
    certificateId,
  });
}
