import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { newId } from '@edu/contracts';
import { asCaller } from '@edu/platform/testing';
import { startCoursesWithProgress } from './support/progress.ts';
import { createUsersStandIn } from './support/users.ts';
import { json, publishedCourse } from './support.ts';

/**
 * A partner's whole flow across the courses service and the REAL progress service: enroll,
 * the learner works through the course, the partner reads the report, then revokes the seat.
 * Events travel as the bus would carry them (courses outbox → progress consumer), each checked
 * against the shared contract on the way.
 */
const learnerId = `learner-${newId()}`;
const learnerEmail = `flow-${newId()}@example.com`;
const users = createUsersStandIn();
users.register({ id: learnerId, email: learnerEmail });

type Setup = Awaited<ReturnType<typeof startCoursesWithProgress>>;
let setup: Setup;
let courses: Setup['courses'];
let progress: Setup['progress'];
beforeAll(async () => {
  setup = await startCoursesWithProgress({ users: users.binding });
  ({ courses, progress } = setup);
}, 30_000);
afterAll(() => setup.close());
const relayCoursesToProgress = () => setup.relayCoursesToProgress();

const partner = { sub: `partner-${newId()}@clients`, roles: [], kind: 'client' as const };

describe('a partner enrolls a learner and follows their progress', () => {
  test('enroll → learn → report → revoke', async () => {
    const { course, lessons } = await publishedCourse(courses.app, {}, 2);
    const enrolled = await json<{ id: string }>(
      await courses.app.request('/api/v1/partner/enrollments', {
        method: 'POST',
        headers: {
          ...(await asCaller({ ...partner, scopes: ['enrollments:write'] })),
          'content-type': 'application/json',
        },
        body: JSON.stringify({ courseId: course.id, email: learnerEmail.toUpperCase() }),
      }),
      201,
    );
    await relayCoursesToProgress();

    const asLearner = await asCaller({ sub: learnerId, roles: ['user'] });
    const first = lessons[0];
    if (!first) throw new Error('no lesson');
    const marked = await progress.app.request(`/api/v1/progress/lessons/${first.id}`, {
      method: 'POST',
      headers: asLearner,
    });
    expect(marked.status).toBe(200);

    const readReport = async () =>
      json<{ items: Array<Record<string, unknown>> }>(
        await progress.app.request('/api/v1/partner/progress', {
          headers: await asCaller({ ...partner, scopes: ['progress:read'] }),
        }),
        200,
      );
    expect((await readReport()).items).toEqual([
      expect.objectContaining({
        userId: learnerId,
        email: learnerEmail,
        courseId: course.id,
        percent: 50,
        completedLessons: 1,
        totalLessons: 2,
        status: 'in_progress',
      }),
    ]);

    const myCourses = await json<{ items: Array<{ access: string }> }>(
      await courses.app.request('/api/v1/me/courses', { headers: asLearner }),
      200,
    );
    expect(myCourses.items.map((item) => item.access)).toEqual(['enrollment']);

    const revoked = await courses.app.request(`/api/v1/partner/enrollments/${enrolled.id}`, {
      method: 'DELETE',
      headers: await asCaller({ ...partner, scopes: ['enrollments:write'] }),
    });
    expect(revoked.status).toBe(204);
    await relayCoursesToProgress();
    expect((await readReport()).items).toEqual([]);
    const blocked = await progress.app.request(`/api/v1/progress/lessons/${lessons[1]?.id}`, {
      method: 'POST',
      headers: asLearner,
    });
    expect(blocked.status).toBe(403);
  });
});
