/** A learner's progress in a course, as /me/courses shows it. */
export interface CourseProgress {
  completedLessons: number;
  totalLessons: number;
  percent: number;
}

/**
 * The progress to show for a course with `lessonCount` lessons, from what the progress service
 * reported (nothing for a course not started). That service learns lessons from events and may
 * lag a moment, so the course's own count is the truth when it is larger.
 */
export function progressInCourse(
  lessonCount: number,
  reported: { completedLessons: number; totalLessons: number } | undefined,
): CourseProgress {
  const completedLessons = reported?.completedLessons ?? 0;
  const totalLessons = Math.max(reported?.totalLessons ?? 0, lessonCount);
  const percent = totalLessons === 0 ? 0 : Math.floor((completedLessons * 100) / totalLessons);
  return { completedLessons, totalLessons, percent };
}
