import { afterAll, beforeAll, expect, test } from 'bun:test';
import type { Platform } from '../scripts/lib/platform.ts';
import { callApi, eventually, STARTUP_TIMEOUT_MS, signIn, startTestPlatform } from './support.ts';

/** A platform on a port other than the default, with PUBLIC_URL unset. */
const PORT = '9411';
let platform: Platform;
beforeAll(async () => {
  platform = await startTestPlatform({ PORT });
  await platform.seed();
}, STARTUP_TIMEOUT_MS);
afterAll(async () => {
  await platform.close();
});

const call = (path: string, init?: Parameters<typeof callApi>[2]) => callApi(platform, path, init);

test('certificates name the origin the platform serves on as their issuer', async () => {
  const instructor = await signIn(platform, 'instructor@example.com', 'instructor-password');
  const course = await call('/api/v1/courses', {
    method: 'POST',
    token: instructor,
    body: { title: 'Issuer course', description: 'One lesson', priceCents: 0, currency: 'EUR' },
  });
  const courseId = String(course.body.id);
  const lesson = await call(`/api/v1/courses/${courseId}/lessons`, {
    method: 'POST',
    token: instructor,
    body: { title: 'Only', content: 'done' },
  });
  await call(`/api/v1/courses/${courseId}/publish`, { method: 'POST', token: instructor });

  const email = `issuer-${crypto.randomUUID()}@example.com`;
  await call('/api/v1/auth/register', {
    method: 'POST',
    body: { email, password: 'long enough password', name: 'Issuer Learner' },
  });
  const learner = await signIn(platform, email, 'long enough password');
  expect(
    (await call(`/api/v1/payments/courses/${courseId}`, { method: 'POST', token: learner })).status,
  ).toBe(201);
  const completed = await eventually(
    () =>
      call(`/api/v1/progress/lessons/${String(lesson.body.id)}`, {
        method: 'POST',
        token: learner,
        body: {},
      }),
    (response) => response.status === 200,
  );
  expect(completed.body.status).toBe('completed');

  const certificate = await eventually(
    async () => {
      const notifications = await call('/api/v1/notifications', { token: learner });
      const items = (notifications.body.items ?? []) as Array<{ data: { certificateId?: string } }>;
      const certificateId = items.find((item) => item.data.certificateId)?.data.certificateId;
      return certificateId ? call(`/api/v1/certificates/${certificateId}`) : null;
    },
    (response) => response?.status === 200,
  );
  // The credential is a compact JWS: its middle part is the claims as base64url JSON.
  const [, claims = ''] = String(certificate?.body.credential).split('.');
  expect(JSON.parse(Buffer.from(claims, 'base64url').toString('utf8')).iss).toBe(`http://localhost:${PORT}`);
}, 60_000);
