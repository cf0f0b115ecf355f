import { DEMO_INSTRUCTOR_ID } from '@edu/contracts';
import { appendToOutbox, type NewEvent } from '@edu/platform/events';
import { toCourse } from '../db/courses.ts';
import { toLesson } from '../db/lessons.ts';
import { courses, lessons, outbox } from '../db/schema.ts';
import { DEMO_COURSES } from '../domain/demo-catalog.ts';
import { courseEvent, EVENT_SOURCE, lessonAddedEvent } from '../events/publish.ts';
import type { CoursesDeps } from './deps.ts';

/**
 * Loads the demo catalog. Idempotent: courses have fixed ids, and a course that already
 * exists is left alone (with its lessons), so its events are published only the first time.
 */
export async function seedDemoCatalog(deps: Pick<CoursesDeps, 'db' | 'cache' | 'log'>): Promise<void> {
  for (const demo of DEMO_COURSES) {
    await deps.db.transaction(async (tx) => {
      const now = new Date();
      const [row] = await tx
        .insert(courses)
        .values({
          id: demo.id,
          title: demo.title,
          description: demo.description,
          priceCents: demo.priceCents,
          currency: demo.currency,
          instructorId: DEMO_INSTRUCTOR_ID,
          status: 'published',
          lessonCount: demo.lessons.length,
          publishedAt: now,
        })
        .onConflictDoNothing()
        .returning();
      if (!row) return;
      const lessonRows = await tx
        .insert(lessons)
        .values(demo.lessons.map((lesson, index) => ({ ...lesson, courseId: demo.id, position: index + 1 })))
        .returning();
      const course = toCourse(row);
      const events: NewEvent[] = [
        courseEvent('COURSE_CREATED', { ...course, status: 'draft', lessonCount: 0 }),
        ...lessonRows.map((lesson) => lessonAddedEvent(toLesson(lesson, false), lesson.position)),
        courseEvent('COURSE_PUBLISHED', course),
      ];
      await appendToOutbox(tx, outbox, events, { correlationId: `seed-${demo.id}`, source: EVENT_SOURCE });
      deps.log.info('seeded demo course', { courseId: demo.id });
    });
  }
  // The catalog changed behind the cache's back; make cached pages stale.
  await deps.cache.invalidate();
}
