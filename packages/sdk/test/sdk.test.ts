import { afterAll, beforeAll, expect, test } from 'bun:test';
import { readFileSync } from 'node:fs';
import type { Platform } from '../../../scripts/lib/platform.ts';
import { ORIGIN, STARTUP_TIMEOUT_MS, startTestPlatform } from '../../../test/support.ts';
import { generateSdkFiles, SDK_DOCUMENT_PATH, SDK_SCHEMA_PATH } from '../scripts/generate.ts';
import { createClient } from '../src/index.ts';

let platform: Platform;
beforeAll(async () => {
  platform = await startTestPlatform();
  await platform.seed();
}, STARTUP_TIMEOUT_MS);
afterAll(async () => {
  await platform.close();
});

test(
  'the committed SDK is generated from the document the platform serves now (npm run sdk:generate)',
  async () => {
    const fresh = await generateSdkFiles();
    expect(readFileSync(SDK_DOCUMENT_PATH, 'utf8')).toBe(fresh.document);
    expect(readFileSync(SDK_SCHEMA_PATH, 'utf8')).toBe(fresh.schema);
  },
  STARTUP_TIMEOUT_MS,
);

/** A client of the in-process platform, signed in as `username`. */
async function signedIn(username: string, password: string) {
  const anonymous = createClient({ baseUrl: ORIGIN, fetch: (request) => platform.fetch(request) });
  const { data, response } = await anonymous.POST('/api/v1/auth/login', { body: { username, password } });
  expect(response.status).toBe(200);
  const token = data?.access_token;
  return createClient({ baseUrl: ORIGIN, token, fetch: (request) => platform.fetch(request) });
}

/** Events are asynchronous: poll until `check` holds (bounded). */
async function eventually<T>(probe: () => Promise<T>, check: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 10_000;
  let value = await probe();
  while (!check(value) && Date.now() < deadline) {
    await Bun.sleep(50);
    value = await probe();
  }
  return value;
}

test('the SDK drives the purchase and progress flow', async () => {
  const instructor = await signedIn('instructor@example.com', 'instructor-password');
  const learner = await signedIn('learner@example.com', 'learner-password');

  const course = await instructor.POST('/api/v1/courses', {
    body: { title: 'SDK course', description: 'Typed end to end', priceCents: 1500, currency: 'EUR' },
  });
  expect(course.response.status).toBe(201);
  const courseId = course.data?.id ?? '';
  const lesson = await instructor.POST('/api/v1/courses/{id}/lessons', {
    params: { path: { id: courseId } },
    body: { title: 'Only lesson', content: '# Typed' },
  });
  expect(lesson.response.status).toBe(201);
  const lessonId = lesson.data?.id ?? '';
  const published = await instructor.POST('/api/v1/courses/{id}/publish', {
    params: { path: { id: courseId } },
  });
  expect(published.response.status).toBe(200);

  const payment = await learner.POST('/api/v1/payments/courses/{courseId}', {
    params: { path: { courseId } },
  });
  expect(payment.response.status).toBe(201);
  expect(payment.data).toMatchObject({ status: 'succeeded', amountCents: 1500, currency: 'EUR' });

  const readable = await eventually(
    () =>
      learner.GET('/api/v1/courses/{id}/lessons/{lessonId}', {
        params: { path: { id: courseId, lessonId } },
      }),
    (result) => result.response.status === 200,
  );
  expect(readable.data?.content).toBe('# Typed');

  // The progress service learns of the access from COURSE_ACCESS_GRANTED, one event hop after the courses service.
  const marked = await eventually(
    () =>
      learner.POST('/api/v1/progress/lessons/{lessonId}', {
        params: { path: { lessonId } },
        body: { status: 'completed' },
      }),
    (result) => result.response.status === 200,
  );
  expect(marked.response.status).toBe(200);
  const progress = await learner.GET('/api/v1/progress/courses/{courseId}', {
    params: { path: { courseId } },
  });
  expect(progress.data).toMatchObject({ completedLessons: 1, totalLessons: 1, percent: 100 });
}, 60_000);
