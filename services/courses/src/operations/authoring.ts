import type { Database } from '@edu/platform/db';
import { appendToOutbox, type NewEvent } from '@edu/platform/events';
import { AppError } from '@edu/platform/http';
import { findCourse, lockCourse, toCourse } from '../db/courses.ts';
import { type CourseRow, outbox } from '../db/schema.ts';
import { type Caller, type Course, canSeeCourse, decideEdit } from '../domain/course.ts';
import { EVENT_SOURCE } from '../events/publish.ts';
import type { CoursesDeps } from './deps.ts';

/** What a mutating call needs to know about its request: who asks, and the id events carry. */
export interface RequestContext {
  caller: Caller;
  requestId: string;
}

const courseNotFound = (courseId: string) => new AppError('not_found', `No course ${courseId}`);

/**
 * Runs a change of the catalog and its events in one transaction, then makes cached reads
 * stale (after the commit, so no reader caches the state before it under the new version).
 */
export async function commitChange<T>(
  deps: Pick<CoursesDeps, 'db' | 'cache'>,
  context: RequestContext,
  work: (tx: Database) => Promise<{ result: T; events: NewEvent[] }>,
): Promise<T> {
  const result = await deps.db.transaction(async (tx) => {
    const outcome = await work(tx);
    await appendToOutbox(tx, outbox, outcome.events, {
      correlationId: context.requestId,
      source: EVENT_SOURCE,
    });
    return outcome.result;
  });
  await deps.cache.invalidate();
  return result;
}

/** Locks the course and checks that the caller may change it (404 / 403 as domain/course.ts decides). */
export async function lockForEdit(tx: Database, caller: Caller, courseId: string): Promise<CourseRow> {
  const row = await lockCourse(tx, courseId);
  if (!row) throw courseNotFound(courseId);
  const decision = decideEdit(row, caller);
  if (decision === 'sign_in') throw new AppError('unauthorized', 'Sign in to change courses');
  if (decision === 'not_found') throw courseNotFound(courseId);
  if (decision === 'forbidden')
    throw new AppError('forbidden', 'Only the course owner or an admin may change it');
  return row;
}

/** The course as the caller may see it (cached); someone else's draft is not found. */
export async function visibleCourse(
  deps: Pick<CoursesDeps, 'db' | 'cache'>,
  caller: Caller,
  courseId: string,
): Promise<Course> {
  const course = await deps.cache.read(`course:${courseId}`, async () => {
    const row = await findCourse(deps.db, courseId);
    return row ? toCourse(row) : null;
  });
  if (!course || !canSeeCourse(course, caller)) throw courseNotFound(courseId);
  return course;
}
