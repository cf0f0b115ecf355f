/** A lesson's state for one learner; a lesson never recorded is `not_started`. */
export type LessonStatus = 'not_started' | 'viewed' | 'completed';
export type RecordedStatus = Exclude<LessonStatus, 'not_started'>;

/**
 * Whole percent done, rounded down so the figure is stable (1 of 3 → 33, 2 of 3 → 66)
 * and 100 means every lesson is done, never "almost".
 *
 * @example
 * percentComplete(2, 3); // 66
 */
export function percentComplete(completedLessons: number, totalLessons: number): number {
  if (totalLessons <= 0) return 0;
  const done = Math.min(Math.max(completedLessons, 0), totalLessons);
  return Math.floor((done * 100) / totalLessons);
}

/**
 * The status after recording `requested` over `current`: completion is final, so a later
 * "viewed" never takes a completed lesson back.
 */
export function nextLessonStatus(current: RecordedStatus | null, requested: RecordedStatus): RecordedStatus {
  return current === 'completed' ? 'completed' : requested;
}

/** Whether completing lessons has finished the course: every lesson of a non-empty course done. */
export function isCourseComplete(completedLessons: number, totalLessons: number): boolean {
  return totalLessons > 0 && completedLessons >= totalLessons;
}

interface LessonInCourse {
  lessonId: string;
  position: number;
}

/** Lessons in reading order: by position, then id, so equal positions still sort the same way. */
function orderLessons<Lesson extends LessonInCourse>(lessons: readonly Lesson[]): Lesson[] {
  return [...lessons].sort(
    (left, right) => left.position - right.position || left.lessonId.localeCompare(right.lessonId),
  );
}

/** Where a learner picks up: the first lesson (by position) not completed, or null when all are. */
export function resumeLessonId(
  lessons: readonly LessonInCourse[],
  statusOf: (lessonId: string) => LessonStatus,
): string | null {
  const next = orderLessons(lessons).find((lesson) => statusOf(lesson.lessonId) !== 'completed');
  return next ? next.lessonId : null;
}

export interface CourseProgressSummary {
  courseId: string;
  completedLessons: number;
  totalLessons: number;
  percent: number;
  completedAt: string | null;
}

/**
 * The figures shown for a course. A course once completed stays completed when lessons are
 * added later; the counts then show the new total.
 */
export function summarizeProgress(input: {
  courseId: string;
  completedLessons: number;
  totalLessons: number;
  completedAt: Date | null;
}): CourseProgressSummary {
  return {
    courseId: input.courseId,
    completedLessons: input.completedLessons,
    totalLessons: input.totalLessons,
    percent: percentComplete(input.completedLessons, input.totalLessons),
    completedAt: input.completedAt ? input.completedAt.toISOString() : null,
  };
}
