import type { EventData } from '@edu/contracts';
import type { Database } from '@edu/platform/db';
import {
  removeLesson,
  reorderLessons,
  upsertCourse,
  upsertLearner,
  upsertLesson,
} from '../db/projections.ts';

/**
 * The courses, lessons and learners as other services announce them (we never read their
 * tables). Each runs in the transaction the event's inbox record is written in, and is safe
 * to repeat.
 */

/** Any course event: the course's title, owner and status as they are now. */
export async function projectCourse(tx: Database, course: EventData<'COURSE_UPDATED'>): Promise<void> {
  await upsertCourse(tx, {
    courseId: course.courseId,
    title: course.title,
    instructorId: course.instructorId,
    status: course.status,
  });
}

export async function projectNewLesson(tx: Database, lesson: EventData<'LESSON_ADDED'>): Promise<void> {
  await upsertLesson(tx, {
    courseId: lesson.courseId,
    lessonId: lesson.lessonId,
    title: lesson.title,
    position: lesson.position,
  });
}

/** A lesson changed: its title and position, and the course's lesson order, which a move changes. */
export async function projectLessonChange(tx: Database, lesson: EventData<'LESSON_UPDATED'>): Promise<void> {
  await upsertLesson(tx, {
    courseId: lesson.courseId,
    lessonId: lesson.lessonId,
    title: lesson.title,
    position: lesson.position,
  });
  await reorderLessons(tx, lesson.courseId, lesson.lessonIds);
}

/** A lesson went: out of totals and learners' counts; those that stay close up. */
export async function projectLessonRemoval(
  tx: Database,
  removal: EventData<'LESSON_REMOVED'>,
): Promise<void> {
  await removeLesson(tx, removal);
  await reorderLessons(tx, removal.courseId, removal.lessonIds);
}

/** A learner's name, printed on the certificates they earn from now on. */
export async function projectLearner(tx: Database, user: EventData<'USER_UPDATED'>): Promise<void> {
  await upsertLearner(tx, { userId: user.userId, name: user.name });
}
