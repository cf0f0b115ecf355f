import { newId } from '@edu/contracts';
import { AppError } from '@edu/platform/http';
import { updateCourse } from '../db/courses.ts';
import { isEntitled } from '../db/entitlements.ts';
import {
  deleteLesson,
  findLesson,
  insertLesson,
  listLessons,
  toLesson,
  updateLessonFields,
  writeLessonOrder,
} from '../db/lessons.ts';
import { type Caller, canRemoveLesson, isOwnerOrAdmin } from '../domain/course.ts';
import { canReadLesson, type Lesson, moveLesson, nextPosition } from '../domain/lesson.ts';
import { lessonAddedEvent, lessonRemovedEvent, lessonUpdatedEvent } from '../events/publish.ts';
import { commitChange, lockForEdit, type RequestContext, visibleCourse } from './authoring.ts';
import type { CoursesDeps } from './deps.ts';

type Deps = Pick<CoursesDeps, 'db' | 'cache'>;

interface NewLesson {
  title: string;
  content: string;
  durationSec?: number | undefined;
  freePreview?: boolean | undefined;
}

/** A lesson update: any of its fields, and a new 1-based position. */
interface LessonChanges extends Partial<NewLesson> {
  position?: number | undefined;
}

const lessonNotFound = (courseId: string, lessonId: string) =>
  new AppError('not_found', `No lesson ${lessonId} in course ${courseId}`);

/** The lessons of a course the caller may see, in order, without their content (cached). */
export async function listCourseLessons(deps: Deps, caller: Caller, courseId: string): Promise<Lesson[]> {
  await visibleCourse(deps, caller, courseId);
  return deps.cache.read(`lessons:${courseId}`, async () =>
    (await listLessons(deps.db, courseId)).map((row) => toLesson(row, false)),
  );
}

/** Appends a lesson to a course (owner or admin). */
export function addLesson(
  deps: Deps,
  context: RequestContext,
  courseId: string,
  input: NewLesson,
): Promise<Lesson> {
  return commitChange(deps, context, async (tx) => {
    const course = await lockForEdit(tx, context.caller, courseId);
    const row = await insertLesson(tx, {
      id: newId(),
      courseId,
      title: input.title,
      content: input.content,
      position: nextPosition(course.lessonCount),
      durationSec: input.durationSec ?? 0,
      freePreview: input.freePreview ?? false,
    });
    const lessonCount = course.lessonCount + 1;
    await updateCourse(tx, courseId, { lessonCount });
    return { result: toLesson(row, true), events: [lessonAddedEvent(toLesson(row, false), lessonCount)] };
  });
}

/** Changes a lesson's fields and/or position; answers all lessons in their (new) order. */
export function editLesson(
  deps: Deps,
  context: RequestContext,
  courseId: string,
  lessonId: string,
  changes: LessonChanges,
): Promise<Lesson[]> {
  return commitChange(deps, context, async (tx) => {
    await lockForEdit(tx, context.caller, courseId);
    const current = (await listLessons(tx, courseId)).map((row) => row.id);
    if (!current.includes(lessonId)) throw lessonNotFound(courseId, lessonId);
    const { position, ...fields } = changes;
    // Unset fields are left out of the update; the row's updatedAt changes either way.
    await updateLessonFields(tx, lessonId, fields);
    const order = position === undefined ? current : (moveLesson(current, lessonId, position) ?? current);
    if (position !== undefined) await writeLessonOrder(tx, courseId, order);
    await updateCourse(tx, courseId, {});
    const lessons = (await listLessons(tx, courseId)).map((row) => toLesson(row, false));
    const updated = lessons.find((lesson) => lesson.id === lessonId);
    if (!updated) throw new Error(`lesson ${lessonId} vanished inside its transaction`);
    const changed = Object.entries(changes)
      .filter(([, value]) => value !== undefined)
      .map(([field]) => field);
    return { result: lessons, events: [lessonUpdatedEvent(updated, changed, order)] };
  });
}

/** Deletes a lesson; the others close up (positions stay 1..n). */
export function removeLesson(
  deps: Deps,
  context: RequestContext,
  courseId: string,
  lessonId: string,
): Promise<void> {
  return commitChange(deps, context, async (tx) => {
    const course = await lockForEdit(tx, context.caller, courseId);
    const current = (await listLessons(tx, courseId)).map((row) => row.id);
    if (!current.includes(lessonId)) throw lessonNotFound(courseId, lessonId);
    if (!canRemoveLesson({ status: course.status, lessonCount: current.length })) {
      throw new AppError(
        'conflict',
        'A published or archived course keeps at least one lesson; unpublish it to remove the last one',
      );
    }
    await deleteLesson(tx, courseId, lessonId);
    const order = current.filter((id) => id !== lessonId);
    await writeLessonOrder(tx, courseId, order);
    await updateCourse(tx, courseId, { lessonCount: order.length });
    return { result: undefined, events: [lessonRemovedEvent(courseId, lessonId, order)] };
  });
}

/** A lesson with its content, for those who may read it (never cached). */
export async function readLesson(
  deps: Deps,
  caller: Caller,
  courseId: string,
  lessonId: string,
): Promise<Lesson> {
  const course = await visibleCourse(deps, caller, courseId);
  const row = await findLesson(deps.db, courseId, lessonId);
  if (!row) throw lessonNotFound(courseId, lessonId);
  // Only a signed-in stranger to the course needs the entitlement lookup.
  const needsEntitlement = caller !== null && !row.freePreview && !isOwnerOrAdmin(course, caller);
  const entitled =
    needsEntitlement && caller !== null
      ? // A subscription covers the catalog; an archived course stays only with those who own it.
        await isEntitled(deps.db, caller.sub, courseId, { bySubscription: course.status !== 'archived' })
      : false;
  const decision = canReadLesson({ course, lesson: row, caller, entitled });
  if (decision === 'sign_in') throw new AppError('unauthorized', 'Sign in to read this lesson');
  if (decision === 'forbidden') {
    throw new AppError('forbidden', 'Buy this course or subscribe to read this lesson');
  }
  return toLesson(row, true);
}
