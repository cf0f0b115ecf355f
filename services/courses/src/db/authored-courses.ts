import type { Database } from '@edu/platform/db';
import { and, desc, eq, lt, type SQL } from 'drizzle-orm';
import { type CourseRow, courses } from './schema.ts';

/** The courses one instructor owns, drafts included, newest first (one row past `limit` says more exist). */
export async function listAuthoredCourses(
  db: Database,
  instructorId: string,
  page: { limit: number; status?: CourseRow['status'] | undefined; beforeId?: string | undefined },
): Promise<CourseRow[]> {
  const conditions: SQL[] = [eq(courses.instructorId, instructorId)];
  if (page.status !== undefined) conditions.push(eq(courses.status, page.status));
  if (page.beforeId !== undefined) conditions.push(lt(courses.id, page.beforeId));
  return db
    .select()
    .from(courses)
    .where(and(...conditions))
    .orderBy(desc(courses.id))
    .limit(page.limit);
}
