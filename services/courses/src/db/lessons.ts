import type { Database } from '@edu/platform/db';
import { and, asc, eq, lt, sql } from 'drizzle-orm';
import type { Lesson } from '../domain/lesson.ts';
import { type LessonRow, lessons } from './schema.ts';

/** The stored row as the API shows it; `content` only when the caller may read it. */
export function toLesson(row: LessonRow, withContent: boolean): Lesson {
  return {
    id: row.id,
    courseId: row.courseId,
    title: row.title,
    position: row.position,
    durationSec: row.durationSec,
    freePreview: row.freePreview,
    ...(withContent ? { content: row.content } : {}),
  };
}

export async function listLessons(db: Database, courseId: string): Promise<LessonRow[]> {
  return db.select().from(lessons).where(eq(lessons.courseId, courseId)).orderBy(asc(lessons.position));
}

export async function findLesson(
  db: Database,
  courseId: string,
  lessonId: string,
): Promise<LessonRow | null> {
  const [row] = await db
    .select()
    .from(lessons)
    .where(and(eq(lessons.courseId, courseId), eq(lessons.id, lessonId)))
    .limit(1);
  return row ?? null;
}

export async function insertLesson(tx: Database, values: typeof lessons.$inferInsert): Promise<LessonRow> {
  const [row] = await tx.insert(lessons).values(values).returning();
  if (!row) throw new Error('insert returned no lesson');
  return row;
}

export async function updateLessonFields(
  tx: Database,
  lessonId: string,
  changes: Partial<Pick<LessonRow, 'title' | 'content' | 'durationSec' | 'freePreview'>>,
): Promise<void> {
  await tx
    .update(lessons)
    .set({ ...changes, updatedAt: sql`now()` })
    .where(eq(lessons.id, lessonId));
}

export async function deleteLesson(tx: Database, courseId: string, lessonId: string): Promise<void> {
  await tx.delete(lessons).where(and(eq(lessons.courseId, courseId), eq(lessons.id, lessonId)));
}

/**
 * Gives the lessons of a course the positions 1..n in the order of `orderedIds`. The unique
 * (course, position) index is checked row by row, so positions first go negative (a range no
 * lesson uses) and are then flipped: no intermediate state ever collides.
 */
export async function writeLessonOrder(tx: Database, courseId: string, orderedIds: readonly string[]) {
  if (orderedIds.length === 0) return;
  const cases = sql.join(
    orderedIds.map((id, index) => sql`when ${id} then ${-(index + 1)}::integer`),
    sql` `,
  );
  await tx
    .update(lessons)
    .set({ position: sql`case ${lessons.id} ${cases} end`, updatedAt: sql`now()` })
    .where(and(eq(lessons.courseId, courseId), sql`${lessons.id} in ${orderedIds}`));
  await tx
    .update(lessons)
    .set({ position: sql`-${lessons.position}` })
    .where(and(eq(lessons.courseId, courseId), lt(lessons.position, 0)));
}
