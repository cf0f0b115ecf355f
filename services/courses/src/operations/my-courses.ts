import { AppError, decodeCursor, encodeCursor, type Identity, toPage } from '@edu/platform/http';
import { listAuthoredCourses } from '../db/authored-courses.ts';
import { toCourse } from '../db/courses.ts';
import { type Access, listAccessibleCourses } from '../db/my-courses.ts';
import { CatalogCursorSchema } from '../domain/catalog-cursor.ts';
import type { Course, CourseStatus } from '../domain/course.ts';
import { type CourseProgress, progressInCourse } from '../domain/progress.ts';
import type { CoursesDeps } from './deps.ts';

interface PageRequest {
  limit: number;
  cursor?: string | undefined;
}

interface MyCourse {
  course: Course;
  access: Access;
  progress: CourseProgress;
}

/** Where the page after `cursor` starts; a cursor this API did not hand out is a 400. */
function pagePosition(cursor: string | undefined): { id: string } | undefined {
  if (cursor === undefined) return undefined;
  const position = decodeCursor(cursor, CatalogCursorSchema);
  if (!position) {
    throw new AppError('bad_request', 'The cursor is not one this API returned', {
      errors: [{ path: 'cursor', message: 'invalid cursor' }],
    });
  }
  return position;
}

/**
 * The learner's courses (bought, given by a partner, or every published one with a
 * subscription), newest first, each with their progress from the progress service.
 */
export async function listMyCourses(
  deps: Pick<CoursesDeps, 'db' | 'progress'>,
  learner: Identity,
  request: PageRequest & { requestId: string },
): Promise<{ items: MyCourse[]; nextCursor: string | null }> {
  const after = pagePosition(request.cursor);
  const rows = await listAccessibleCourses(deps.db, learner.sub, {
    limit: request.limit + 1,
    afterId: after?.id,
  });
  const page = rows.slice(0, request.limit);
  const progress = await deps.progress.progressOf(
    learner,
    page.map((row) => row.course.id),
    request.requestId,
  );
  const items = page.map(({ course, access }) => ({
    course: toCourse(course),
    access,
    progress: progressInCourse(course.lessonCount, progress.get(course.id)),
  }));
  const last = page.at(-1);
  const nextCursor = rows.length > request.limit && last ? encodeCursor({ id: last.course.id }) : null;
  return { items, nextCursor };
}

/** Every course the instructor owns, in any status (or in `status`), newest first. */
export async function listAuthoredCoursesOf(
  deps: Pick<CoursesDeps, 'db'>,
  instructorId: string,
  request: PageRequest & { status?: CourseStatus | undefined },
): Promise<{ items: Course[]; nextCursor: string | null }> {
  const after = pagePosition(request.cursor);
  const rows = await listAuthoredCourses(deps.db, instructorId, {
    limit: request.limit + 1,
    status: request.status,
    beforeId: after?.id,
  });
  const page = toPage(rows, request.limit, (row) => encodeCursor({ id: row.id }));
  return { items: page.items.map(toCourse), nextCursor: page.nextCursor };
}
