import { type Caller, isOwnerOrAdmin } from './course.ts';

/** A lesson as the API shows it; `content` only for callers entitled to it. */
export interface Lesson {
  id: string;
  courseId: string;
  title: string;
  position: number;
  durationSec: number;
  freePreview: boolean;
  content?: string;
}

type LessonReadDecision = 'allowed' | 'sign_in' | 'forbidden';

/**
 * Who may read a lesson's content: anyone for a free preview, the owner and admins, and
 * users entitled to the course (bought it or subscribed). Anonymous callers are asked to
 * sign in (401) rather than refused (403), since signing in may be all they need.
 */
export function canReadLesson(input: {
  course: { instructorId: string };
  lesson: { freePreview: boolean };
  caller: Caller;
  entitled: boolean;
}): LessonReadDecision {
  if (input.lesson.freePreview) return 'allowed';
  if (input.caller === null) return 'sign_in';
  if (isOwnerOrAdmin(input.course, input.caller) || input.entitled) return 'allowed';
  return 'forbidden';
}

/** Positions are 1-based and dense, so a new lesson goes right after the last one. */
export function nextPosition(lessonCount: number): number {
  return lessonCount + 1;
}

/**
 * The lesson ids in their new order after moving `lessonId` to `position` (1-based,
 * clamped to the ends). Returns null when the lesson is not in the list.
 */
export function moveLesson(
  orderedIds: readonly string[],
  lessonId: string,
  position: number,
): string[] | null {
  const from = orderedIds.indexOf(lessonId);
  if (from === -1) return null;
  const rest = orderedIds.filter((id) => id !== lessonId);
  const to = Math.min(Math.max(position, 1), orderedIds.length) - 1;
  return [...rest.slice(0, to), lessonId, ...rest.slice(to)];
}
