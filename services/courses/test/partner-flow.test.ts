import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { EventEnvelopeSchema, newId, parseEventData } from '@edu/contracts';
import { inProcessBinding, type ServiceBinding } from '@edu/platform';
import { queryRows } from '@edu/platform/db';
import { handleEventOnce } from '@edu/platform/events';
import { asCaller, type ServiceUnderTest, silentLogger, startServiceUnderTest } from '@edu/platform/testing';
import { createApp as createProgressApp, SERVICE_NAME as PROGRESS } from '@edu/progress-service';
import { createProgressConsumer } from '@edu/progress-service/events';
import { MIGRATIONS_FOLDER as PROGRESS_MIGRATIONS } from '@edu/progress-service/migrations';
import { sql } from 'drizzle-orm';
import { createApp, SERVICE_NAME } from '../src/app.ts';
import { MIGRATIONS_FOLDER } from '../src/migrations.ts';
import { json, publishedCourse } from './support.ts';

/**
 * A partner's whole flow across the courses service and the REAL progress service: enroll,
 * the learner works through the course, the partner reads the report, then revokes the seat.
 * Events travel as the bus would carry them (courses outbox → progress consumer), each checked
 * against the shared contract on the way.
 */
const learnerId = `learner-${newId()}`;
const learnerEmail = `flow-${newId()}@example.com`;
const users: ServiceBinding = {
  fetch: async (request) =>
    new URL(request.url).searchParams.get('email')?.toLowerCase() === learnerEmail
      ? Response.json({ id: learnerId, email: learnerEmail, name: 'Flow', roles: ['user'] })
      : Response.json({ status: 404 }, { status: 404 }),
};

let progress: ServiceUnderTest<ReturnType<typeof createProgressApp>>;
let courses: ServiceUnderTest<ReturnType<typeof createApp>>;
beforeAll(async () => {
  progress = await startServiceUnderTest({
    service: PROGRESS,
    migrationsFolder: PROGRESS_MIGRATIONS,
    createApp: createProgressApp,
  });
  courses = await startServiceUnderTest({
    service: SERVICE_NAME,
    migrationsFolder: MIGRATIONS_FOLDER,
    createApp,
    services: { progress: inProcessBinding(progress.app), users },
  });
}, 30_000);
afterAll(async () => {
  await courses.close();
  await progress.close();
});

const delivered = new Set<string>();
async function relayCoursesToProgress() {
  const rows = await queryRows<{ envelope: unknown }>(
    courses.database.db,
    sql`select envelope from courses.outbox order by seq`,
  );
  for (const row of rows) {
    const event = EventEnvelopeSchema.parse(row.envelope);
    if (delivered.has(event.id)) continue;
    delivered.add(event.id);
    if (event.type === 'COURSE_ACCESS_GRANTED' || event.type === 'COURSE_ACCESS_REVOKED') {
      parseEventData(event.type, event.data);
    }
    await handleEventOnce(progress.database.db, createProgressConsumer(), event, silentLogger);
  }
}

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
