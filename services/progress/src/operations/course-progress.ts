import type { Identity } from '@edu/platform/http';
import { AppError } from '@edu/platform/http';
import { countProgress, findCourse, lessonsWithStatus } from '../db/progress.ts';
import { learnerOf, mayViewCourse } from '../domain/access.ts';
import {
  type CourseProgressSummary,
  type LessonStatus,
  resumeLessonId,
  summarizeProgress,
} from '../domain/progress.ts';
import type { ProgressDeps } from './deps.ts';

interface CourseProgressDetail extends CourseProgressSummary {
  lessons: Array<{ lessonId: string; status: LessonStatus }>;
  resumeLessonId: string | null;
}

/** The caller's progress in one course: each lesson's status, the figures, and where to resume. */
export async function getCourseProgress(
  deps: ProgressDeps,
  caller: Identity,
  courseId: string,
): Promise<CourseProgressDetail> {
  const userId = learnerOf(caller);
  const [course, lessons, counts] = await Promise.all([
    findCourse(deps.db, courseId),
    lessonsWithStatus(deps.db, userId, courseId),
    countProgress(deps.db, userId, [courseId]),
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
}

/** The caller's figures for several courses, in request order, duplicates removed (feeds /me/courses). */
export async function listCourseProgress(
  deps: ProgressDeps,
  caller: Identity,
  courseIds: string[],
): Promise<CourseProgressSummary[]> {
  const userId = learnerOf(caller);
  const unique = [...new Set(courseIds)];
  return (await countProgress(deps.db, userId, unique)).map(summarizeProgress);
}
