import { AppError, toPage } from '@edu/platform/http';
import { listActiveSeats } from '../db/partner-report.ts';
import { countLearnerProgress } from '../db/progress.ts';
import {
  decodeReportCursor,
  encodeReportCursor,
  type LearnerCourseStatus,
  learnerCourseStatus,
} from '../domain/partner-report.ts';
import { summarizeProgress } from '../domain/progress.ts';
import type { ProgressDeps } from './deps.ts';

/** One row of a partner's progress report: a learner the partner enrolled, in one course. */
interface PartnerProgressRow {
  userId: string;
  email?: string;
  courseId: string;
  enrolledAt: string;
  percent: number;
  completedLessons: number;
  totalLessons: number;
  status: LearnerCourseStatus;
  lastActivityAt: string | null;
  completedAt: string | null;
  certificateId: string | null;
}

interface PartnerReportQuery {
  limit: number;
  cursor?: string | undefined;
  courseId?: string | undefined;
  userId?: string | undefined;
}

/**
 * A page of a partner's progress report: only the (learner, course) pairs the partner holds an
 * active seat for, with the same figures learners see for themselves (summarizeProgress).
 */
export async function listPartnerProgress(
  deps: ProgressDeps,
  partnerId: string,
  query: PartnerReportQuery,
): Promise<{ items: PartnerProgressRow[]; nextCursor: string | null }> {
  const after = query.cursor === undefined ? undefined : decodeReportCursor(query.cursor);
  if (after === null) {
    throw new AppError('bad_request', 'The cursor is not one this API returned', {
      errors: [{ path: 'cursor', message: 'invalid cursor' }],
    });
  }
  const seats = await listActiveSeats(deps.db, partnerId, {
    limit: query.limit,
    afterEnrollmentId: after,
    courseId: query.courseId,
    userId: query.userId,
  });
  const page = toPage(seats, query.limit, (seat) => encodeReportCursor(seat.id));
  const counts = await countLearnerProgress(deps.db, page.items);
  const items = page.items.map((seat, index): PartnerProgressRow => {
    const figures = counts[index];
    const summary = summarizeProgress({
      courseId: seat.courseId,
      completedLessons: figures?.completedLessons ?? 0,
      totalLessons: figures?.totalLessons ?? 0,
      completedAt: figures?.completedAt ?? null,
    });
    const lastActivityAt = figures?.lastActivityAt ?? null;
    return {
      userId: seat.userId,
      ...(seat.email === null ? {} : { email: seat.email }),
      courseId: seat.courseId,
      enrolledAt: seat.enrolledAt.toISOString(),
      percent: summary.percent,
      completedLessons: summary.completedLessons,
      totalLessons: summary.totalLessons,
      status: learnerCourseStatus(summary, lastActivityAt),
      lastActivityAt: lastActivityAt ? lastActivityAt.toISOString() : null,
      completedAt: summary.completedAt,
      certificateId: figures?.certificateId ?? null,
    };
  });
  return { items, nextCursor: page.nextCursor };
}
