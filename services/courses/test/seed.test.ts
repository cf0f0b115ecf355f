import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { DEMO_INSTRUCTOR_ID } from '@edu/contracts';
import { coursesModule } from '@edu/courses-service';
import {
  type CourseJson,
  call,
  json,
  type LessonJson,
  outboxEvents,
  type Subject,
  startCourses,
} from './support.ts';

let subject: Subject;
// Starting PGlite and migrating can take seconds on a busy machine.
beforeAll(async () => {
  subject = await startCourses();
}, 30_000);
afterAll(() => subject.close());

describe('seed', () => {
  test('loads at least three published demo courses with lessons, once', async () => {
    await coursesModule.seed?.(subject.deps);
    await coursesModule.seed?.(subject.deps);
    const page = await json<{ items: CourseJson[] }>(
      await call(subject.app, 'GET', '/api/v1/courses', null),
      200,
    );
    expect(page.items.length).toBeGreaterThanOrEqual(3);
    for (const course of page.items) {
      expect(course).toMatchObject({ status: 'published', instructorId: DEMO_INSTRUCTOR_ID });
      const lessons = await json<{ items: LessonJson[] }>(
        await call(subject.app, 'GET', `/api/v1/courses/${course.id}/lessons`, null),
        200,
      );
      expect(lessons.items.length).toBe(course.lessonCount);
      expect(lessons.items.length).toBeGreaterThanOrEqual(3);
      expect(lessons.items.some((lesson) => lesson.freePreview)).toBe(true);
    }
    const found = await json<{ items: CourseJson[] }>(
      await call(subject.app, 'GET', '/api/v1/courses?q=postgres', null),
      200,
    );
    expect(found.items.map((course) => course.title)).toEqual(['PostgreSQL for Application Developers']);
    const published = (await outboxEvents(subject)).filter((event) => event.type === 'COURSE_PUBLISHED');
    expect(published).toHaveLength(page.items.length);
  });
});
