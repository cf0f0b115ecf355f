import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { newId } from '@edu/contracts';
import { queryRows } from '@edu/platform/db';
import { wasHandled } from '@edu/platform/events';
import { sql } from 'drizzle-orm';
import {
  announceCourse,
  call,
  complete,
  consumerOf,
  deliver,
  envelope,
  expectProblem,
  grantAccess,
  json,
  learner,
  type Subject,
  startProgress,
} from './support.ts';

let subject: Subject;
beforeAll(async () => {
  subject = await startProgress();
});
afterAll(() => subject.close());

const lessonsOf = async (who: ReturnType<typeof learner>, courseId: string) =>
  (
    await json<{ lessons: Array<{ lessonId: string }>; totalLessons: number }>(
      await call(subject.app, 'GET', `/api/v1/progress/courses/${courseId}`, who),
      200,
    )
  ).lessons.map((lesson) => lesson.lessonId);

describe('the progress.projections consumer', () => {
  test('is the progress.projections group on course, payment and user events', () => {
    const consumer = consumerOf(subject);
    expect(consumer.group).toBe('progress.projections');
    expect(consumer.topics).toEqual(['course-events', 'payment-events', 'user-events']);
  });

  test('a redelivered LESSON_ADDED changes nothing', async () => {
    const course = await announceCourse(subject, 1);
    const event = envelope('LESSON_ADDED', {
      courseId: course.courseId,
      lessonId: 'l-x',
      title: 'X',
      position: 2,
    });
    expect(await deliver(subject, event)).toBe(true);
    expect(await deliver(subject, event)).toBe(false);
    expect(await wasHandled(subject.database.db, consumerOf(subject), event.id)).toBe(true);
    expect(await lessonsOf(learner(), course.courseId)).toEqual([...course.lessonIds, 'l-x']);
  });

  test('lessons are ordered by position whatever order they arrive in, and follow a reorder', async () => {
    const course = await announceCourse(subject, 0);
    for (const [lessonId, position] of [
      ['l-3', 3],
      ['l-1', 1],
      ['l-2', 2],
    ] as const) {
      await deliver(
        subject,
        envelope('LESSON_ADDED', { courseId: course.courseId, lessonId, title: lessonId, position }),
      );
    }
    expect(await lessonsOf(learner(), course.courseId)).toEqual(['l-1', 'l-2', 'l-3']);
    // A move is announced as the moved lesson's LESSON_UPDATED with the course's new order.
    await deliver(
      subject,
      envelope('LESSON_UPDATED', {
        courseId: course.courseId,
        lessonId: 'l-3',
        title: 'l-3',
        position: 1,
        durationSec: 0,
        freePreview: false,
        changed: ['position'],
        lessonIds: ['l-3', 'l-1', 'l-2'],
      }),
    );
    expect(await lessonsOf(learner(), course.courseId)).toEqual(['l-3', 'l-1', 'l-2']);
  });

  test('data is what the contract says: course and lesson fields nested under `course` / `lesson` are refused', async () => {
    const courseId = `course-${newId()}`;
    const instructorId = `instructor-${newId()}`;
    const course = { id: courseId, instructorId, title: 'Nested', status: 'published', lessonCount: 1 };
    const nestedCourse = envelope('COURSE_PUBLISHED', { courseId, course });
    await expect(deliver(subject, nestedCourse)).rejects.toThrow();
    const lesson = { id: 'nested-lesson', courseId, title: 'One', position: 1 };
    const nestedLesson = envelope('LESSON_ADDED', { courseId, lessonId: lesson.id, lesson, lessonCount: 1 });
    await expect(deliver(subject, nestedLesson)).rejects.toThrow();
    for (const event of [nestedCourse, nestedLesson]) {
      expect(await wasHandled(subject.database.db, consumerOf(subject), event.id)).toBe(false);
    }
    const owner = { sub: instructorId, roles: ['user' as const, 'instructor' as const] };
    await expectProblem(await complete(subject, owner, lesson.id), 404);
  });

  test('LESSON_UPDATED renames and moves a lesson in the projection', async () => {
    const course = await announceCourse(subject, 3);
    const [first, second, third] = course.lessonIds;
    if (!first || !second || !third) throw new Error('no lessons');
    await deliver(
      subject,
      envelope('LESSON_UPDATED', {
        courseId: course.courseId,
        lessonId: first,
        title: 'Renamed',
        position: 3,
        durationSec: 60,
        freePreview: false,
        changed: ['title', 'position'],
        lessonIds: [second, third, first],
      }),
    );
    expect(await lessonsOf(learner(), course.courseId)).toEqual([second, third, first]);
    const rows = await queryRows<{ title: string }>(
      subject.database.db,
      sql`select title from progress.lessons where lesson_id = ${first}`,
    );
    expect(rows.map((row) => row.title)).toEqual(['Renamed']);
  });

  test('LESSON_REMOVED takes the lesson out of totals and percent, and out of what completes the course', async () => {
    const course = await announceCourse(subject, 3);
    const [first, second, third] = course.lessonIds;
    if (!first || !second || !third) throw new Error('no lessons');
    const who = learner();
    await grantAccess(subject, who, course.courseId);
    await json(await complete(subject, who, first), 200);
    const progressOf = async () =>
      json<{ completedLessons: number; totalLessons: number; percent: number; completedAt: string | null }>(
        await call(subject.app, 'GET', `/api/v1/progress/courses/${course.courseId}`, who),
        200,
      );
    expect(await progressOf()).toMatchObject({ completedLessons: 1, totalLessons: 3, percent: 33 });

    const removal = envelope('LESSON_REMOVED', {
      courseId: course.courseId,
      lessonId: first,
      lessonCount: 2,
      lessonIds: [second, third],
    });
    expect(await deliver(subject, removal)).toBe(true);
    expect(await deliver(subject, removal)).toBe(false);
    expect(await progressOf()).toMatchObject({ completedLessons: 0, totalLessons: 2, percent: 0 });
    expect(await lessonsOf(who, course.courseId)).toEqual([second, third]);
    await expectProblem(await complete(subject, who, first), 404);

    // The removed lesson's completion no longer counts: one more lesson done is not the course done.
    await json(await complete(subject, who, second), 200);
    expect(await progressOf()).toMatchObject({
      completedLessons: 1,
      totalLessons: 2,
      percent: 50,
      completedAt: null,
    });
    await json(await complete(subject, who, third), 200);
    expect(await progressOf()).toMatchObject({ completedLessons: 2, totalLessons: 2, percent: 100 });
    expect((await progressOf()).completedAt).toBeString();
  });

  test('COURSE_ARCHIVED keeps progress visible; COURSE_UNPUBLISHED hides it from learners', async () => {
    const course = await announceCourse(subject, 1);
    const who = learner();
    await grantAccess(subject, who, course.courseId);
    const data = {
      courseId: course.courseId,
      instructorId: course.instructorId,
      title: 'Testing in depth',
      priceCents: 1000,
      currency: 'EUR',
      lessonCount: 1,
    };
    const path = `/api/v1/progress/courses/${course.courseId}`;
    await deliver(subject, envelope('COURSE_ARCHIVED', { ...data, status: 'archived' }));
    await json(await call(subject.app, 'GET', path, who), 200);
    await json(await complete(subject, who, course.lessonIds[0] ?? ''), 200);
    await deliver(subject, envelope('COURSE_UNPUBLISHED', { ...data, status: 'draft' }));
    await expectProblem(await call(subject.app, 'GET', path, who), 404);
  });

  test('malformed data fails without an effect, so a fixed redelivery can still be handled', async () => {
    const bad = envelope('LESSON_ADDED', { courseId: 'c', lessonId: 42 });
    await expect(deliver(subject, bad)).rejects.toThrow();
    expect(await wasHandled(subject.database.db, consumerOf(subject), bad.id)).toBe(false);
    expect(await deliver(subject, envelope('NOTIFICATION_SENT', { notificationId: 'n' }))).toBe(false);
  });

  test('USER_UPDATED changes the name printed on later certificates', async () => {
    const course = await announceCourse(subject, 1);
    const who = learner();
    const user = { userId: who.sub, email: 'a@example.test', locale: 'en', roles: ['user'] };
    await deliver(subject, envelope('USER_CREATED', { ...user, name: 'Old Name' }, 'users'));
    await deliver(subject, envelope('USER_UPDATED', { ...user, name: 'New Name' }, 'users'));
    await grantAccess(subject, who, course.courseId);
    await complete(subject, who, course.lessonIds[0] ?? '');
    const { items } = await json<{ items: Array<{ completedAt: string | null }> }>(
      await call(subject.app, 'GET', `/api/v1/progress/courses?courseIds=${course.courseId}`, who),
      200,
    );
    expect(items[0]?.completedAt).toBeString();
    const rows = await queryRows<{ learner_name: string }>(
      subject.database.db,
      sql`select learner_name from progress.certificates where user_id = ${who.sub}`,
    );
    expect(rows.map((row) => row.learner_name)).toEqual(['New Name']);
  });
});
