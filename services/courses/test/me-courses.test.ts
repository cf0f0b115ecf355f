import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { type EventEnvelope, newId } from '@edu/contracts';
import { asCaller } from '@edu/platform/testing';
import { startCoursesWithProgress } from './support/progress.ts';
import { call, deliver, expectProblem, json, type LessonJson, publishedCourse } from './support.ts';

/**
 * GET /api/v1/me/courses composes the courses service's entitlements with the REAL progress
 * service's answers (through its binding). Events travel between the two as the bus would
 * carry them: read from one service's outbox and handled by the other's consumer.
 */
type Setup = Awaited<ReturnType<typeof startCoursesWithProgress>>;
let setup: Setup;
let courses: Setup['courses'];
let progress: Setup['progress'];
beforeAll(async () => {
  setup = await startCoursesWithProgress();
  ({ courses, progress } = setup);
}, 30_000);
afterAll(() => setup.close());
const relayCoursesToProgress = () => setup.relayCoursesToProgress();

function paymentEvent(
  type: 'COURSE_PURCHASED' | 'SUBSCRIPTION_CREATED',
  data: Record<string, unknown>,
): EventEnvelope {
  return {
    id: newId(),
    type,
    data,
    metadata: { timestamp: new Date().toISOString(), correlationId: newId(), source: 'payments' },
  };
}

async function buy(userId: string, courseId: string) {
  const event = paymentEvent('COURSE_PURCHASED', {
    paymentId: newId(),
    userId,
    courseId,
    amountCents: 1000,
    currency: 'EUR',
    test: true,
  });
  await deliver(courses, event);
}

interface MyCourses {
  items: Array<{ course: { id: string; status: string }; access: string; progress: Record<string, number> }>;
  nextCursor: string | null;
}

const learner = (sub: string) => ({ sub, roles: ['user'] as const });

describe('GET /api/v1/me/courses', () => {
  test('lists bought courses with progress from the progress service', async () => {
    const userId = `learner-${newId()}`;
    const { course, lessons } = await publishedCourse(courses.app, {}, 3);
    await buy(userId, course.id);
    await relayCoursesToProgress();
    const firstLesson = lessons[0] as LessonJson;
    const marked = await progress.app.request(`/api/v1/progress/lessons/${firstLesson.id}`, {
      method: 'POST',
      headers: await asCaller({ sub: userId, roles: ['user'] }),
    });
    expect(marked.status).toBe(200);

    const page = await json<MyCourses>(
      await call(courses.app, 'GET', '/api/v1/me/courses', learner(userId)),
      200,
    );
    expect(page.items).toHaveLength(1);
    expect(page.items[0]).toMatchObject({
      course: { id: course.id },
      access: 'purchase',
      progress: { completedLessons: 1, totalLessons: 3, percent: 33 },
    });
    expect(page.nextCursor).toBeNull();
  });

  test('a subscriber sees every published course; drafts and other learners’ courses never appear', async () => {
    const userId = `subscriber-${newId()}`;
    await deliver(
      courses,
      paymentEvent('SUBSCRIPTION_CREATED', { subscriptionId: newId(), userId, planId: 'monthly' }),
    );
    const page = await json<MyCourses>(
      await call(courses.app, 'GET', '/api/v1/me/courses?limit=100', learner(userId)),
      200,
    );
    expect(page.items.length).toBeGreaterThan(0);
    expect(page.items.every((item) => item.access === 'subscription')).toBe(true);

    const stranger = await json<MyCourses>(
      await call(courses.app, 'GET', '/api/v1/me/courses', learner(`nobody-${newId()}`)),
      200,
    );
    expect(stranger.items).toEqual([]);
  });

  test('an archived course stays listed for its buyer, with progress that follows removed lessons', async () => {
    const userId = `archive-${newId()}`;
    const subscriber = `archive-subscriber-${newId()}`;
    const { course, lessons } = await publishedCourse(courses.app, {}, 3);
    const [first, second] = lessons;
    if (!first || !second) throw new Error('no lessons');
    await buy(userId, course.id);
    await deliver(
      courses,
      paymentEvent('SUBSCRIPTION_CREATED', {
        subscriptionId: newId(),
        userId: subscriber,
        planId: 'monthly',
      }),
    );
    await relayCoursesToProgress();
    const marked = await progress.app.request(`/api/v1/progress/lessons/${first.id}`, {
      method: 'POST',
      headers: await asCaller({ sub: userId, roles: ['user'] }),
    });
    expect(marked.status).toBe(200);

    const removed = await call(courses.app, 'DELETE', `/api/v1/courses/${course.id}/lessons/${second.id}`, {
      sub: course.instructorId,
      roles: ['user', 'instructor'],
    });
    expect(removed.status).toBe(204);
    await json(
      await call(courses.app, 'POST', `/api/v1/courses/${course.id}/archive`, {
        sub: course.instructorId,
        roles: ['user', 'instructor'],
      }),
      200,
    );
    await relayCoursesToProgress();

    const mine = await json<MyCourses>(
      await call(courses.app, 'GET', '/api/v1/me/courses?limit=100', learner(userId)),
      200,
    );
    expect(mine.items.find((item) => item.course.id === course.id)).toMatchObject({
      access: 'purchase',
      course: { status: 'archived' },
      progress: { completedLessons: 1, totalLessons: 2, percent: 50 },
    });
    const theirs = await json<MyCourses>(
      await call(courses.app, 'GET', '/api/v1/me/courses?limit=100', learner(subscriber)),
      200,
    );
    expect(theirs.items.some((item) => item.course.id === course.id)).toBe(false);
  });

  test('pages with a cursor without repeats', async () => {
    const userId = `pager-${newId()}`;
    for (let index = 0; index < 3; index++) {
      const { course } = await publishedCourse(courses.app, {}, 1);
      await buy(userId, course.id);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const path: string = `/api/v1/me/courses?limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page: MyCourses = await json<MyCourses>(
        await call(courses.app, 'GET', path, learner(userId)),
        200,
      );
      seen.push(...page.items.map((item) => item.course.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(3);
    expect(new Set(seen).size).toBe(3);
  });

  test('anonymous → 401; a bad cursor → 400', async () => {
    await expectProblem(await call(courses.app, 'GET', '/api/v1/me/courses', null), 401);
    await expectProblem(await call(courses.app, 'GET', '/api/v1/me/courses?cursor=nope', learner('x')), 400);
  });
});
