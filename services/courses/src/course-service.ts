import { newId } from '@edu/contracts';
import type { ServiceDeps } from '@edu/platform';
import type { Database } from '@edu/platform/db';
import { appendToOutbox, type NewEvent } from '@edu/platform/events';
import { AppError } from '@edu/platform/http';
import { createReadCache } from './catalog-cache.ts';
import {
  type CatalogQuery,
  findCourse,
  insertCourse,
  listCatalog,
  lockCourse,
  toCourse,
  updateCourse,
} from './db/courses.ts';
import { isEntitled } from './db/entitlements.ts';
import {
  deleteLesson,
  findLesson,
  insertLesson,
  listLessons,
  toLesson,
  updateLessonFields,
  writeLessonOrder,
} from './db/lessons.ts';
import { type CourseRow, outbox } from './db/schema.ts';
import {
  type Caller,
  type Course,
  canCreateCourse,
  canPublish,
  canRemoveLesson,
  canSeeCourse,
  decideEdit,
  isOwnerOrAdmin,
} from './domain/course.ts';
import { type CatalogCursor, encodeCursor } from './domain/cursor.ts';
import { canReadLesson, type Lesson, moveLesson, nextPosition } from './domain/lesson.ts';
import {
  courseEvent,
  EVENT_SOURCE,
  lessonAddedEvent,
  lessonRemovedEvent,
  lessonUpdatedEvent,
} from './events.ts';

export interface NewCourse {
  title: string;
  description: string;
  priceCents: number;
  currency: string;
}
export type CourseChanges = Partial<NewCourse>;

export interface NewLesson {
  title: string;
  content: string;
  durationSec?: number | undefined;
  freePreview?: boolean | undefined;
}

/** A lesson update: any of its fields, and a new 1-based position. */
export interface LessonChanges {
  title?: string | undefined;
  content?: string | undefined;
  durationSec?: number | undefined;
  freePreview?: boolean | undefined;
  position?: number | undefined;
}

/** What a mutating call needs to know about its request: who asks, and the id events carry. */
export interface RequestContext {
  caller: Caller;
  requestId: string;
}

/** The courses service's operations (the ICourseService), independent of HTTP. */
export interface CourseService {
  create(context: RequestContext, input: NewCourse): Promise<Course>;
  update(context: RequestContext, courseId: string, changes: CourseChanges): Promise<Course>;
  publish(context: RequestContext, courseId: string): Promise<Course>;
  /** Back to draft: out of the catalog, seen only by its owner and admins. */
  unpublish(context: RequestContext, courseId: string): Promise<Course>;
  /** Out of the catalog and not for sale; those who own it keep its lessons. */
  archive(context: RequestContext, courseId: string): Promise<Course>;
  get(caller: Caller, courseId: string): Promise<Course>;
  listCatalog(query: CatalogQuery): Promise<{ items: Course[]; nextCursor: string | null }>;
  listLessons(caller: Caller, courseId: string): Promise<Lesson[]>;
  addLesson(context: RequestContext, courseId: string, input: NewLesson): Promise<Lesson>;
  /** Changes a lesson's fields and/or position; answers all lessons in their (new) order. */
  updateLesson(
    context: RequestContext,
    courseId: string,
    lessonId: string,
    changes: LessonChanges,
  ): Promise<Lesson[]>;
  /** Deletes a lesson; the others close up (positions stay 1..n). */
  removeLesson(context: RequestContext, courseId: string, lessonId: string): Promise<void>;
  getLesson(caller: Caller, courseId: string, lessonId: string): Promise<Lesson>;
}

const courseNotFound = (courseId: string) => new AppError('not_found', `No course ${courseId}`);
const lessonNotFound = (courseId: string, lessonId: string) =>
  new AppError('not_found', `No lesson ${lessonId} in course ${courseId}`);

/** Locks the course and checks that the caller may change it (404 / 403 as domain/course.ts decides). */
async function lockForEdit(tx: Database, caller: Caller, courseId: string): Promise<CourseRow> {
  const row = await lockCourse(tx, courseId);
  if (!row) throw courseNotFound(courseId);
  const decision = decideEdit(row, caller);
  if (decision === 'sign_in') throw new AppError('unauthorized', 'Sign in to change courses');
  if (decision === 'not_found') throw courseNotFound(courseId);
  if (decision === 'forbidden')
    throw new AppError('forbidden', 'Only the course owner or an admin may change it');
  return row;
}

export function createCourseService(deps: ServiceDeps): CourseService {
  const { db } = deps;
  const cache = createReadCache(deps.cache, deps.logger);

  /** Runs a change and its events in one transaction, then makes cached reads stale. */
  async function change<T>(
    context: RequestContext,
    work: (tx: Database) => Promise<{ result: T; events: NewEvent[] }>,
  ): Promise<T> {
    const result = await db.transaction(async (tx) => {
      const outcome = await work(tx);
      await appendToOutbox(tx, outbox, outcome.events, {
        correlationId: context.requestId,
        source: EVENT_SOURCE,
      });
      return outcome.result;
    });
    await cache.invalidate();
    return result;
  }

  const readCourse = (courseId: string) =>
    cache.read(`course:${courseId}`, async () => {
      const row = await findCourse(db, courseId);
      return row ? toCourse(row) : null;
    });

  /** Moves the course to `status` (changing nothing when it is there already) and announces it. */
  const changeStatus = (
    context: RequestContext,
    courseId: string,
    status: 'draft' | 'archived',
    type: 'COURSE_UNPUBLISHED' | 'COURSE_ARCHIVED',
  ) =>
    change(context, async (tx) => {
      const row = await lockForEdit(tx, context.caller, courseId);
      if (row.status === status) return { result: toCourse(row), events: [] };
      const course = toCourse(await updateCourse(tx, courseId, { status }));
      return { result: course, events: [courseEvent(type, course)] };
    });

  async function visibleCourse(caller: Caller, courseId: string): Promise<Course> {
    const course = await readCourse(courseId);
    if (!course || !canSeeCourse(course, caller)) throw courseNotFound(courseId);
    return course;
  }

  return {
    create: (context, input) => {
      if (!canCreateCourse(context.caller)) {
        throw new AppError('forbidden', 'Only instructors and admins create courses');
      }
      const instructorId = context.caller?.sub ?? '';
      return change(context, async (tx) => {
        const course = toCourse(await insertCourse(tx, { id: newId(), instructorId, ...input }));
        return { result: course, events: [courseEvent('COURSE_CREATED', course)] };
      });
    },

    update: (context, courseId, changes) =>
      change(context, async (tx) => {
        await lockForEdit(tx, context.caller, courseId);
        const course = toCourse(await updateCourse(tx, courseId, changes));
        const event = courseEvent('COURSE_UPDATED', course, { changed: Object.keys(changes) });
        return { result: course, events: [event] };
      }),

    publish: (context, courseId) =>
      change(context, async (tx) => {
        const row = await lockForEdit(tx, context.caller, courseId);
        // Publishing twice is not an error: the course is in the state the caller asked for.
        if (row.status === 'published') return { result: toCourse(row), events: [] };
        if (!canPublish(row))
          throw new AppError('conflict', 'A course needs at least one lesson to be published');
        const course = toCourse(
          await updateCourse(tx, courseId, { status: 'published', publishedAt: new Date() }),
        );
        return { result: course, events: [courseEvent('COURSE_PUBLISHED', course)] };
      }),

    unpublish: (context, courseId) => changeStatus(context, courseId, 'draft', 'COURSE_UNPUBLISHED'),

    archive: (context, courseId) => changeStatus(context, courseId, 'archived', 'COURSE_ARCHIVED'),

    get: (caller, courseId) => visibleCourse(caller, courseId),

    listCatalog: async (query) => {
      const page = await cache.read(`catalog:${JSON.stringify(query)}`, async () => {
        const result = await listCatalog(db, query);
        return { items: result.items, next: result.next };
      });
      const next: CatalogCursor | null = page.next;
      return { items: page.items, nextCursor: next ? encodeCursor(next) : null };
    },

    listLessons: async (caller, courseId) => {
      await visibleCourse(caller, courseId);
      return cache.read(`lessons:${courseId}`, async () =>
        (await listLessons(db, courseId)).map((row) => toLesson(row, false)),
      );
    },

    addLesson: (context, courseId, input) =>
      change(context, async (tx) => {
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
      }),

    updateLesson: (context, courseId, lessonId, changes) =>
      change(context, async (tx) => {
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
      }),

    removeLesson: (context, courseId, lessonId) =>
      change(context, async (tx) => {
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
      }),

    getLesson: async (caller, courseId, lessonId) => {
      const course = await visibleCourse(caller, courseId);
      const row = await findLesson(db, courseId, lessonId);
      if (!row) throw lessonNotFound(courseId, lessonId);
      // Only a signed-in stranger to the course needs the entitlement lookup.
      const needsEntitlement = caller !== null && !row.freePreview && !isOwnerOrAdmin(course, caller);
      const entitled =
        needsEntitlement && caller !== null
          ? // A subscription covers the catalog; an archived course stays only with those who own it.
            await isEntitled(db, caller.sub, courseId, { bySubscription: course.status !== 'archived' })
          : false;
      const decision = canReadLesson({ course, lesson: row, caller, entitled });
      if (decision === 'sign_in') throw new AppError('unauthorized', 'Sign in to read this lesson');
      if (decision === 'forbidden') {
        throw new AppError('forbidden', 'Buy this course or subscribe to read this lesson');
      }
      return toLesson(row, true);
    },
  };
}
