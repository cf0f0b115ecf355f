import { afterAll, beforeAll, expect, test } from 'bun:test';
import { queryRows } from '@edu/platform/db';
import { sql } from 'drizzle-orm';
import type { Platform } from '../scripts/lib/platform.ts';
import { callApi, eventually, STARTUP_TIMEOUT_MS, signIn, startTestPlatform } from './support.ts';

/**
 * The flows of docs/API.md end to end, through the gateway only, as a client would use
 * them: events travel through the real outbox, bus and consumers between services.
 */
let platform: Platform;
beforeAll(async () => {
  platform = await startTestPlatform();
  await platform.seed();
}, STARTUP_TIMEOUT_MS);
afterAll(async () => {
  await platform.close();
});

const call = (path: string, init?: Parameters<typeof callApi>[2]) => callApi(platform, path, init);
const login = (email: string, password: string) => signIn(platform, email, password);

test('a learner registers, buys a course, completes it, gets a certificate and notifications', async () => {
  const email = `flow-${crypto.randomUUID()}@example.com`;
  const registered = await call('/api/v1/auth/register', {
    method: 'POST',
    body: { email, password: 'correct horse battery', name: 'Flow Learner' },
  });
  expect(registered.status).toBe(201);
  const learner = await login(email, 'correct horse battery');

  const instructor = await login('instructor@example.com', 'instructor-password');
  const course = await call('/api/v1/courses', {
    method: 'POST',
    token: instructor,
    body: { title: 'Flow course', description: 'End to end', priceCents: 1999, currency: 'EUR' },
  });
  expect(course.status).toBe(201);
  const courseId = String(course.body.id);
  const lessonIds: string[] = [];
  for (const title of ['One', 'Two']) {
    const lesson = await call(`/api/v1/courses/${courseId}/lessons`, {
      method: 'POST',
      token: instructor,
      body: { title, content: `# ${title}` },
    });
    expect(lesson.status).toBe(201);
    lessonIds.push(String(lesson.body.id));
  }
  expect(
    (await call(`/api/v1/courses/${courseId}/publish`, { method: 'POST', token: instructor })).status,
  ).toBe(200);

  const firstLesson = `/api/v1/courses/${courseId}/lessons/${lessonIds[0]}`;
  expect((await call(firstLesson, { token: learner })).status).toBe(403);

  const payment = await call(`/api/v1/payments/courses/${courseId}`, {
    method: 'POST',
    token: learner,
    body: {},
  });
  expect(payment.status).toBe(201);
  expect(payment.body).toMatchObject({ status: 'succeeded', amountCents: 1999, currency: 'EUR' });

  const readable = await eventually(
    () => call(firstLesson, { token: learner }),
    (response) => response.status === 200,
  );
  expect(readable.body.content).toBe('# One');

  for (const lessonId of lessonIds) {
    const marked = await eventually(
      () => call(`/api/v1/progress/lessons/${lessonId}`, { method: 'POST', token: learner, body: {} }),
      (response) => response.status === 200,
    );
    expect(marked.body.status).toBe('completed');
  }
  const progress = await call(`/api/v1/progress/courses/${courseId}`, { token: learner });
  expect(progress.body).toMatchObject({ completedLessons: 2, totalLessons: 2, percent: 100 });

  const notifications = await eventually(
    () => call('/api/v1/notifications', { token: learner }),
    (response) => {
      const types = ((response.body.items as Array<{ type: string }>) ?? []).map((item) => item.type);
      return ['welcome', 'purchase_confirmation', 'course_completed'].every((type) => types.includes(type));
    },
  );
  const completed = (
    notifications.body.items as Array<{ type: string; data: { certificateId?: string } }>
  ).find((item) => item.type === 'course_completed');
  const certificateId = completed?.data.certificateId;
  expect(certificateId).toBeTruthy();
  const verified = await call(`/api/v1/certificates/${certificateId}/verify`);
  expect(verified.body).toMatchObject({ valid: true });
}, 60_000);

/** A published course with one paid lesson, made through the API by the demo instructor. */
async function publishedCourse(title: string): Promise<{ courseId: string; lessonPath: string }> {
  const instructor = await login('instructor@example.com', 'instructor-password');
  const course = await call('/api/v1/courses', {
    method: 'POST',
    token: instructor,
    body: { title, description: 'Flows', priceCents: 500, currency: 'USD' },
  });
  const courseId = String(course.body.id);
  const lesson = await call(`/api/v1/courses/${courseId}/lessons`, {
    method: 'POST',
    token: instructor,
    body: { title: 'Paid lesson', content: 'paid content' },
  });
  await call(`/api/v1/courses/${courseId}/publish`, { method: 'POST', token: instructor });
  return { courseId, lessonPath: `/api/v1/courses/${courseId}/lessons/${String(lesson.body.id)}` };
}

async function newLearner(): Promise<string> {
  const email = `flow-${crypto.randomUUID()}@example.com`;
  await call('/api/v1/auth/register', {
    method: 'POST',
    body: { email, password: 'long enough password', name: 'L' },
  });
  return login(email, 'long enough password');
}

test('an admin refund revokes access to the course, through the bus', async () => {
  const { courseId, lessonPath } = await publishedCourse('Refund flow');
  const learner = await newLearner();
  const payment = await call(`/api/v1/payments/courses/${courseId}`, {
    method: 'POST',
    token: learner,
    body: {},
  });
  expect(payment.status).toBe(201);
  await eventually(
    () => call(lessonPath, { token: learner }),
    (response) => response.status === 200,
  );
  const admin = await login('admin@example.com', 'admin-password');
  const refund = await call(`/api/v1/payments/${String(payment.body.id)}/refund`, {
    method: 'POST',
    token: admin,
    body: { reason: 'requested by the learner' },
  });
  expect(refund.status).toBe(201);
  const revoked = await eventually(
    () => call(lessonPath, { token: learner }),
    (response) => response.status === 403,
  );
  expect(revoked.status).toBe(403);
}, 60_000);

test('a subscription opens every published course; canceling it ends access', async () => {
  const { lessonPath } = await publishedCourse('Subscription flow');
  const learner = await newLearner();
  expect((await call(lessonPath, { token: learner })).status).toBe(403);
  const subscription = await call('/api/v1/payments/subscriptions', {
    method: 'POST',
    token: learner,
    body: { planId: 'monthly' },
  });
  expect(subscription.status).toBe(201);
  const open = await eventually(
    () => call(lessonPath, { token: learner }),
    (response) => response.status === 200,
  );
  expect(open.status).toBe(200);
  const canceled = await call(`/api/v1/payments/subscriptions/${String(subscription.body.id)}`, {
    method: 'DELETE',
    token: learner,
  });
  expect(canceled.status).toBe(204);
  const closed = await eventually(
    () => call(lessonPath, { token: learner }),
    (response) => response.status === 403,
  );
  expect(closed.status).toBe(403);
}, 60_000);

test('no event of these flows, nor of the demo seed, ended in the dead letters', async () => {
  const rows = await queryRows<{ group_name: string; error: string }>(
    platform.database.db,
    sql`select * from eventbus.dead_letters`,
  );
  expect(rows).toEqual([]);
});
