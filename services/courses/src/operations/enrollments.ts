import { newId } from '@edu/contracts';
import { appendToOutbox } from '@edu/platform/events';
import { AppError, decodeCursor, encodeCursor, toPage } from '@edu/platform/http';
import { findCourse } from '../db/courses.ts';
import {
  findEnrollment,
  insertEnrollment,
  listEnrollments,
  revokeActiveSeat,
  toEnrollment,
} from '../db/enrollments.ts';
import { outbox } from '../db/schema.ts';
import { IdCursorSchema } from '../domain/catalog-cursor.ts';
import type { Enrollment } from '../domain/enrollment.ts';
import { EVENT_SOURCE, enrollmentAccessEvent } from '../events/publish.ts';
import type { CoursesDeps } from './deps.ts';

/** A partner's request: the partner is the client's id (its token's `sub`). */
interface PartnerContext {
  partnerId: string;
  requestId: string;
}

const origin = (context: PartnerContext) => ({ correlationId: context.requestId, source: EVENT_SOURCE });

/**
 * Gives the learner with `email` a seat in a published course, granting access as a purchase
 * does. Enrolling again while the seat is active returns it (`created: false`).
 */
export async function enrollLearner(
  deps: Pick<CoursesDeps, 'db' | 'users'>,
  context: PartnerContext,
  input: { courseId: string; email: string },
): Promise<{ enrollment: Enrollment; created: boolean }> {
  const course = await findCourse(deps.db, input.courseId);
  // Drafts are not for sale, so not for seats either; they look as unknown as they are to buyers.
  if (course?.status !== 'published') {
    throw new AppError('not_found', `No published course ${input.courseId}`);
  }
  const learner = await deps.users.findLearnerByEmail(input.email, context.requestId);
  if (!learner) {
    throw new AppError(
      'not_found',
      `No learner is registered with ${input.email}; they must create an account before they can be enrolled`,
    );
  }
  const result = await deps.db.transaction(async (tx) => {
    const seat = await insertEnrollment(tx, {
      id: newId(),
      partnerId: context.partnerId,
      userId: learner.id,
      courseId: course.id,
      email: learner.email,
    });
    if (seat.created) {
      await appendToOutbox(
        tx,
        outbox,
        [enrollmentAccessEvent('COURSE_ACCESS_GRANTED', seat.row)],
        origin(context),
      );
    }
    return seat;
  });
  return { enrollment: toEnrollment(result.row), created: result.created };
}

/** The partner's seats, newest first, optionally in one course. */
export async function listPartnerEnrollments(
  deps: Pick<CoursesDeps, 'db'>,
  context: PartnerContext,
  query: { limit: number; cursor?: string | undefined; courseId?: string | undefined },
): Promise<{ items: Enrollment[]; nextCursor: string | null }> {
  const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor, IdCursorSchema);
  if (after === null) {
    throw new AppError('bad_request', 'The cursor is not one this API returned', {
      errors: [{ path: 'cursor', message: 'invalid cursor' }],
    });
  }
  const rows = await listEnrollments(deps.db, context.partnerId, {
    limit: query.limit,
    afterId: after?.id,
    courseId: query.courseId,
  });
  const page = toPage(rows, query.limit, (row) => encodeCursor({ id: row.id }));
  return { items: page.items.map(toEnrollment), nextCursor: page.nextCursor };
}

/**
 * Revokes the partner's seat (idempotent: an already revoked seat stays as it is). Another
 * partner's seat is a 404, as if it did not exist.
 */
export async function revokeEnrollment(
  deps: Pick<CoursesDeps, 'db'>,
  context: PartnerContext,
  enrollmentId: string,
): Promise<void> {
  const revoked = await deps.db.transaction(async (tx) => {
    const row = await revokeActiveSeat(tx, context.partnerId, enrollmentId);
    if (row) {
      await appendToOutbox(
        tx,
        outbox,
        [enrollmentAccessEvent('COURSE_ACCESS_REVOKED', row)],
        origin(context),
      );
    }
    return row;
  });
  if (revoked) return;
  if (!(await findEnrollment(deps.db, context.partnerId, enrollmentId))) {
    throw new AppError('not_found', `No enrollment ${enrollmentId}`);
  }
}
