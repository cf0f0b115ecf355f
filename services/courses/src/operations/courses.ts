import { newId } from '@edu/contracts';
import { AppError, decodeCursor, encodeCursor } from '@edu/platform/http';
import { type CatalogQuery, insertCourse, listCatalog, toCourse, updateCourse } from '../db/courses.ts';
import { CatalogCursorSchema } from '../domain/catalog-cursor.ts';
import { type Caller, type Course, canCreateCourse, canPublish } from '../domain/course.ts';
import { courseEvent } from '../events/publish.ts';
import { commitChange, lockForEdit, type RequestContext, visibleCourse } from './authoring.ts';
import type { CoursesDeps } from './deps.ts';

type Deps = Pick<CoursesDeps, 'db' | 'cache'>;

interface NewCourse {
  title: string;
  description: string;
  priceCents: number;
  currency: string;
}

/** A draft course owned by the calling instructor (or admin). */
export function createCourse(deps: Deps, context: RequestContext, input: NewCourse): Promise<Course> {
  if (!canCreateCourse(context.caller)) {
    throw new AppError('forbidden', 'Only instructors and admins create courses');
  }
  const instructorId = context.caller?.sub ?? '';
  return commitChange(deps, context, async (tx) => {
    const course = toCourse(await insertCourse(tx, { id: newId(), instructorId, ...input }));
    return { result: course, events: [courseEvent('COURSE_CREATED', course)] };
  });
}

/** Changes a course's title, description or price (owner or admin). */
export function editCourse(
  deps: Deps,
  context: RequestContext,
  courseId: string,
  changes: Partial<NewCourse>,
): Promise<Course> {
  return commitChange(deps, context, async (tx) => {
    await lockForEdit(tx, context.caller, courseId);
    const course = toCourse(await updateCourse(tx, courseId, changes));
    return { result: course, events: [courseEvent('COURSE_UPDATED', course, Object.keys(changes))] };
  });
}

/** Puts a course with at least one lesson in the catalog; publishing twice changes nothing. */
export function publishCourse(deps: Deps, context: RequestContext, courseId: string): Promise<Course> {
  return commitChange(deps, context, async (tx) => {
    const row = await lockForEdit(tx, context.caller, courseId);
    // Publishing twice is not an error: the course is in the state the caller asked for.
    if (row.status === 'published') return { result: toCourse(row), events: [] };
    if (!canPublish(row))
      throw new AppError('conflict', 'A course needs at least one lesson to be published');
    const course = toCourse(
      await updateCourse(tx, courseId, { status: 'published', publishedAt: new Date() }),
    );
    return { result: course, events: [courseEvent('COURSE_PUBLISHED', course)] };
  });
}

/** Moves the course to `status` (changing nothing when it is there already) and announces it. */
function changeStatus(
  deps: Deps,
  context: RequestContext,
  courseId: string,
  status: 'draft' | 'archived',
  type: 'COURSE_UNPUBLISHED' | 'COURSE_ARCHIVED',
): Promise<Course> {
  return commitChange(deps, context, async (tx) => {
    const row = await lockForEdit(tx, context.caller, courseId);
    if (row.status === status) return { result: toCourse(row), events: [] };
    const course = toCourse(await updateCourse(tx, courseId, { status }));
    return { result: course, events: [courseEvent(type, course)] };
  });
}

/** Back to draft: out of the catalog, seen only by its owner and admins. */
export function unpublishCourse(deps: Deps, context: RequestContext, courseId: string): Promise<Course> {
  return changeStatus(deps, context, courseId, 'draft', 'COURSE_UNPUBLISHED');
}

/** Out of the catalog and not for sale; those who own it keep its lessons. */
export function archiveCourse(deps: Deps, context: RequestContext, courseId: string): Promise<Course> {
  return changeStatus(deps, context, courseId, 'archived', 'COURSE_ARCHIVED');
}

/** A course; drafts only for their owner and admins. */
export function getCourse(deps: Deps, caller: Caller, courseId: string): Promise<Course> {
  return visibleCourse(deps, caller, courseId);
}

/** The catalog's query as the client sends it: filters, search text and the cursor it was handed. */
type CatalogRequest = Omit<CatalogQuery, 'cursor'> & { cursor?: string | undefined };

/** One page of published courses, newest first, or ranked by relevance when `q` has words. */
export async function browseCatalog(
  deps: Deps,
  request: CatalogRequest,
): Promise<{ items: Course[]; nextCursor: string | null }> {
  const { cursor: cursorText, q, ...filters } = request;
  const cursor = cursorText === undefined ? undefined : decodeCursor(cursorText, CatalogCursorSchema);
  if (cursor === null) {
    throw new AppError('bad_request', 'The cursor is not one this catalog handed out', {
      errors: [{ path: 'cursor', message: 'invalid cursor' }],
    });
  }
  const search = q?.trim() ? q.trim() : undefined;
  // A browse cursor cannot continue a search (and the reverse): the orders differ.
  if (cursor && (search !== undefined) !== 'rank' in cursor) {
    throw new AppError('bad_request', 'The cursor belongs to a different query', {
      errors: [{ path: 'cursor', message: 'cursor does not match the query' }],
    });
  }
  const query: CatalogQuery = { ...filters, q: search, cursor };
  const page = await deps.cache.read(`catalog:${JSON.stringify(query)}`, () => listCatalog(deps.db, query));
  return { items: page.items, nextCursor: page.next ? encodeCursor(page.next) : null };
}
