import { IdSchema } from '@edu/contracts';
import { decodeCursor, encodeCursor } from '@edu/platform/http';
import { z } from 'zod';
import type { CourseProgressSummary } from './progress.ts';

/** Where a learner stands in a course, as partner reports show it. */
export type LearnerCourseStatus = 'not_started' | 'in_progress' | 'completed';

/**
 * Completed once the course was completed (it stays so when lessons are added later), in
 * progress once any lesson was viewed or completed, else not started.
 */
export function learnerCourseStatus(
  summary: Pick<CourseProgressSummary, 'completedAt'>,
  lastActivityAt: Date | null,
): LearnerCourseStatus {
  if (summary.completedAt !== null) return 'completed';
  return lastActivityAt === null ? 'not_started' : 'in_progress';
}

/** A report page's position: after this enrollment id (reports walk seats newest first). */
const ReportPosition = z.object({ after: IdSchema });

/** Where the next report page starts: after this enrollment id. */
export function encodeReportCursor(enrollmentId: string): string {
  return encodeCursor({ after: enrollmentId });
}

/** The enrollment id a cursor we handed out names, or null when it is not one of ours. */
export function decodeReportCursor(cursor: string): string | null {
  return decodeCursor(cursor, ReportPosition)?.after ?? null;
}
