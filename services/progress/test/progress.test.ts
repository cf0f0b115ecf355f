import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { newId } from '@edu/contracts';
import { asCaller } from '@edu/platform/testing';
import {
  addLesson,
  announceCourse,
  call,
  complete,
  countRows,
  deliver,
  envelope,
  expectProblem,
  grantAccess,
  json,
  learner,
  outboxEvents,
  type Subject,
  startProgress,
  type Who,
} from './support.ts';

interface LessonProgress {
  lessonId: string;
  courseId: string;
  status: 'viewed' | 'completed';
  completedAt: string | null;
}

interface CourseProgress {
  courseId: string;
  completedLessons: number;
  totalLessons: number;
  percent: number;
  completedAt: string | null;
  lessons: Array<{ lessonId: string; status: string }>;
  resumeLessonId: string | null;
}

let subject: Subject;
beforeAll(async () => {
  subject = await startProgress();
});
afterAll(() => subject.close());

const progressOf = async (who: Who, courseId: string) =>
  json<CourseProgress>(await call(subject.app, 'GET', `/api/v1/progress/courses/${courseId}`, who), 200);

describe('POST /api/v1/progress/lessons/{lessonId}: who may record', () => {
  test('anonymous callers get 401, unknown lessons 404', async () => {
    const course = await announceCourse(subject, 1);
    await expectProblem(await complete(subject, null, course.lessonIds[0] ?? ''), 401);
    await expectProblem(await complete(subject, learner(), `lesson-${newId()}`), 404);
  });

  test('a learner without access gets 403 and nothing is recorded', async () => {
    const course = await announceCourse(subject, 2);
    const who = learner();
    await expectProblem(await complete(subject, who, course.lessonIds[0] ?? ''), 403);
    expect(await outboxEvents(subject, who.sub)).toHaveLength(0);
    expect((await progressOf(who, course.courseId)).completedLessons).toBe(0);
  });

  test('buyers, subscribers, the course instructor and admins may record; a revoked buyer may not', async () => {
    const course = await announceCourse(subject, 2);
    const lessonId = course.lessonIds[0] ?? '';
    const buyer = learner('buyer');
    await grantAccess(subject, buyer, course.courseId);
    expect((await complete(subject, buyer, lessonId)).status).toBe(200);

    const subscriber = learner('subscriber');
    const subscription = { subscriptionId: `sub-${newId()}`, userId: subscriber.sub, planId: 'monthly' };
    await deliver(subject, envelope('SUBSCRIPTION_CREATED', subscription, 'payments'));
    expect((await complete(subject, subscriber, lessonId)).status).toBe(200);
    await deliver(subject, envelope('SUBSCRIPTION_CANCELED', subscription, 'payments'));
    await expectProblem(await complete(subject, subscriber, course.lessonIds[1] ?? ''), 403);

    const owner = { sub: course.instructorId, roles: ['user' as const, 'instructor' as const] };
    expect((await complete(subject, owner, lessonId)).status).toBe(200);
    const otherInstructor = { sub: `instructor-${newId()}`, roles: ['user' as const, 'instructor' as const] };
    await expectProblem(await complete(subject, otherInstructor, lessonId), 403);
    const admin = { sub: `admin-${newId()}`, roles: ['user' as const, 'admin' as const] };
    expect((await complete(subject, admin, lessonId)).status).toBe(200);

    await deliver(
      subject,
      envelope('COURSE_ACCESS_REVOKED', { userId: buyer.sub, courseId: course.courseId, reason: 'refund' }),
    );
    await expectProblem(await complete(subject, buyer, course.lessonIds[1] ?? ''), 403);
  });

  test('a grant of a purchase already refunded does not bring access back', async () => {
    const course = await announceCourse(subject, 1);
    const who = learner();
    const paymentId = `pay-${newId()}`;
    const refund = { paymentId, refundId: `ref-${newId()}`, userId: who.sub, courseId: course.courseId };
    await deliver(
      subject,
      envelope('PAYMENT_REFUNDED', { ...refund, amountCents: 1000, currency: 'EUR' }, 'payments'),
    );
    await grantAccess(subject, who, course.courseId, paymentId);
    await expectProblem(await complete(subject, who, course.lessonIds[0] ?? ''), 403);
    // A new purchase after the refund does.
    await grantAccess(subject, who, course.courseId);
    expect((await complete(subject, who, course.lessonIds[0] ?? '')).status).toBe(200);
  });

  test('an invalid status is a 400 problem', async () => {
    const course = await announceCourse(subject, 1);
    await expectProblem(await complete(subject, learner(), course.lessonIds[0] ?? '', 'done' as never), 400);
  });
});

describe('recording lessons', () => {
  test('completed by default, idempotent, one LESSON_COMPLETED however often it is marked', async () => {
    const course = await announceCourse(subject, 2);
    const who = learner();
    await grantAccess(subject, who, course.courseId);
    const lessonId = course.lessonIds[0] ?? '';
    const noBody = await subject.app.request(`/api/v1/progress/lessons/${lessonId}`, {
      method: 'POST',
      headers: await asCaller({ sub: who.sub, roles: who.roles }),
    });
    const first = await json<LessonProgress>(noBody, 200);
    expect(first).toMatchObject({ lessonId, courseId: course.courseId, status: 'completed' });
    expect(first.completedAt).toBeString();
    const second = await json<LessonProgress>(await complete(subject, who, lessonId), 200);
    expect(second).toEqual(first);

    const events = await outboxEvents(subject, who.sub);
    expect(events.map((event) => event.type)).toEqual(['LESSON_COMPLETED']);
    expect(events[0]?.envelope.data).toEqual({
      userId: who.sub,
      courseId: course.courseId,
      lessonId,
      completedAt: first.completedAt,
    });
  });

  test('viewed is recorded, and completed never goes back to viewed', async () => {
    const course = await announceCourse(subject, 2);
    const who = learner();
    await grantAccess(subject, who, course.courseId);
    const lessonId = course.lessonIds[0] ?? '';
    const viewed = await json<LessonProgress>(await complete(subject, who, lessonId, 'viewed'), 200);
    expect(viewed).toMatchObject({ status: 'viewed', completedAt: null });
    expect(await outboxEvents(subject, who.sub)).toHaveLength(0);

    const completed = await json<LessonProgress>(await complete(subject, who, lessonId, 'completed'), 200);
    expect(completed.status).toBe('completed');
    const again = await json<LessonProgress>(await complete(subject, who, lessonId, 'viewed'), 200);
    expect(again).toEqual(completed);
    const progress = await progressOf(who, course.courseId);
    expect(progress.lessons).toEqual([
      { lessonId, status: 'completed' },
      { lessonId: course.lessonIds[1] ?? '', status: 'not_started' },
    ]);
  });

  test('percent is rounded down and stable; resume points at the first lesson not completed', async () => {
    const course = await announceCourse(subject, 3);
    const [first, second, third] = course.lessonIds;
    const who = learner();
    await grantAccess(subject, who, course.courseId);
    expect(await progressOf(who, course.courseId)).toMatchObject({
      completedLessons: 0,
      totalLessons: 3,
      percent: 0,
      completedAt: null,
      resumeLessonId: first,
    });
    await complete(subject, who, second ?? '');
    expect(await progressOf(who, course.courseId)).toMatchObject({ percent: 33, resumeLessonId: first });
    await complete(subject, who, first ?? '');
    expect(await progressOf(who, course.courseId)).toMatchObject({ percent: 66, resumeLessonId: third });
    await complete(subject, who, third ?? '');
    const done = await progressOf(who, course.courseId);
    expect(done).toMatchObject({ completedLessons: 3, totalLessons: 3, percent: 100, resumeLessonId: null });
    expect(done.completedAt).toBeString();
  });

  test('a lesson added after completion keeps completedAt but shows the new total', async () => {
    const course = await announceCourse(subject, 2);
    const who = learner();
    await grantAccess(subject, who, course.courseId);
    for (const lessonId of course.lessonIds) await complete(subject, who, lessonId);
    const done = await progressOf(who, course.courseId);
    expect(done.completedAt).toBeString();

    const added = await addLesson(subject, course.courseId, 3);
    const after = await progressOf(who, course.courseId);
    expect(after).toMatchObject({
      completedLessons: 2,
      totalLessons: 3,
      percent: 66,
      completedAt: done.completedAt,
      resumeLessonId: added,
    });
    await complete(subject, who, added);
    const types = (await outboxEvents(subject, who.sub)).map((event) => event.type);
    expect(types.filter((type) => type === 'COURSE_COMPLETED')).toHaveLength(1);
    expect(await countRows(subject, 'certificates', who.sub)).toBe(1);
  });

  test('completing the last lesson publishes COURSE_COMPLETED with the certificate id and the request id', async () => {
    const course = await announceCourse(subject, 1);
    const who = learner();
    await grantAccess(subject, who, course.courseId);
    const response = await subject.app.request(`/api/v1/progress/lessons/${course.lessonIds[0]}`, {
      method: 'POST',
      headers: {
        ...(await asCaller({ sub: who.sub, roles: who.roles })),
        'x-request-id': 'req-complete-1',
      },
    });
    expect(response.status).toBe(200);
    const events = await outboxEvents(subject, who.sub);
    expect(events.map((event) => event.type)).toEqual(['LESSON_COMPLETED', 'COURSE_COMPLETED']);
    const completed = events[1];
    expect(completed?.envelope.metadata.correlationId).toBe('req-complete-1');
    expect(completed?.envelope.data).toMatchObject({ userId: who.sub, courseId: course.courseId });
    const certificateId = String(completed?.envelope.data.certificateId);
    expect((await call(subject.app, 'GET', `/api/v1/certificates/${certificateId}`, null)).status).toBe(200);
  });
});

describe('exactly-once course completion under concurrency', () => {
  test('completing the last two lessons at once gives one COURSE_COMPLETED and one certificate', async () => {
    for (let round = 0; round < 5; round++) {
      const course = await announceCourse(subject, 3);
      const [first, second, third] = course.lessonIds;
      const who = learner();
      await grantAccess(subject, who, course.courseId);
      await complete(subject, who, first ?? '');
      const responses = await Promise.all([
        complete(subject, who, second ?? ''),
        complete(subject, who, third ?? ''),
        complete(subject, who, third ?? ''),
        complete(subject, who, second ?? ''),
      ]);
      expect(responses.map((response) => response.status)).toEqual([200, 200, 200, 200]);
      const types = (await outboxEvents(subject, who.sub)).map((event) => event.type);
      expect(types.filter((type) => type === 'COURSE_COMPLETED')).toHaveLength(1);
      expect(types.filter((type) => type === 'LESSON_COMPLETED')).toHaveLength(3);
      expect(await countRows(subject, 'certificates', who.sub)).toBe(1);
      expect(await countRows(subject, 'course_completions', who.sub)).toBe(1);
      expect((await progressOf(who, course.courseId)).percent).toBe(100);
    }
  });
});

describe('exactly-once course completion: every lesson at once', () => {
  test('completing all five lessons of a course in parallel completes it once', async () => {
    const course = await announceCourse(subject, 5);
    const who = learner();
    await grantAccess(subject, who, course.courseId);
    const responses = await Promise.all(course.lessonIds.map((lessonId) => complete(subject, who, lessonId)));
    expect(responses.map((response) => response.status)).toEqual([200, 200, 200, 200, 200]);
    const types = (await outboxEvents(subject, who.sub)).map((event) => event.type);
    expect(types.filter((type) => type === 'LESSON_COMPLETED')).toHaveLength(5);
    expect(types.filter((type) => type === 'COURSE_COMPLETED')).toHaveLength(1);
    expect(await countRows(subject, 'certificates', who.sub)).toBe(1);
  });
});

describe('GET /api/v1/progress/courses/{courseId} for drafts', () => {
  test('a draft is 404 for learners and visible to its instructor and admins', async () => {
    const courseId = `course-${newId()}`;
    const instructorId = `instructor-${newId()}`;
    const draft = {
      courseId,
      instructorId,
      title: 'Draft',
      status: 'draft',
      priceCents: 0,
      currency: 'EUR',
      lessonCount: 0,
    };
    await deliver(subject, envelope('COURSE_CREATED', draft));
    await addLesson(subject, courseId, 1);
    await expectProblem(
      await call(subject.app, 'GET', `/api/v1/progress/courses/${courseId}`, learner()),
      404,
    );
    const owner = { sub: instructorId, roles: ['user' as const, 'instructor' as const] };
    expect((await progressOf(owner, courseId)).totalLessons).toBe(1);
    const admin = { sub: `admin-${newId()}`, roles: ['user' as const, 'admin' as const] };
    expect((await progressOf(admin, courseId)).totalLessons).toBe(1);
  });
});

describe('GET /api/v1/progress/courses', () => {
  test("gives the caller's figures for several courses, in request order", async () => {
    const first = await announceCourse(subject, 3);
    const second = await announceCourse(subject, 2);
    const who = learner();
    await grantAccess(subject, who, first.courseId);
    await complete(subject, who, first.lessonIds[0] ?? '');
    const unknown = `course-${newId()}`;
    const path = `/api/v1/progress/courses?courseIds=${second.courseId},${first.courseId},${unknown}`;
    const body = await json<{ items: unknown[] }>(await call(subject.app, 'GET', path, who), 200);
    expect(body.items).toEqual([
      { courseId: second.courseId, completedLessons: 0, totalLessons: 2, percent: 0, completedAt: null },
      { courseId: first.courseId, completedLessons: 1, totalLessons: 3, percent: 33, completedAt: null },
      { courseId: unknown, completedLessons: 0, totalLessons: 0, percent: 0, completedAt: null },
    ]);
  });

  test('needs a caller and at least one course id; an unknown course alone is 404', async () => {
    await expectProblem(await call(subject.app, 'GET', '/api/v1/progress/courses?courseIds=a', null), 401);
    await expectProblem(
      await call(subject.app, 'GET', '/api/v1/progress/courses?courseIds=,', learner()),
      400,
    );
    await expectProblem(await call(subject.app, 'GET', '/api/v1/progress/courses', learner()), 400);
    await expectProblem(
      await call(subject.app, 'GET', `/api/v1/progress/courses/course-${newId()}`, learner()),
      404,
    );
  });
});
