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

/** Where the next report page starts: after this enrollment id (reports walk seats newest first). */
export function encodeReportCursor(enrollmentId: string): string {
  return Buffer.from(JSON.stringify({ after: enrollmentId }), 'utf8').toString('base64url');
}

/** The enrollment id a cursor we handed out names, or null when it is not one of ours. */
export function decodeReportCursor(cursor: string): string | null {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (typeof parsed !== 'object' || parsed === null || !('after' in parsed)) return null;
    const after = parsed.after;
    return typeof after === 'string' && after.length > 0 && after.length <= 64 && !after.includes('\u0000')
      ? after
      : null;
  } catch {
    return null;
  }
}
