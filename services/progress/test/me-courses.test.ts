/**
 * How the courses service feeds GET /api/v1/me/courses: it calls this service's
 * GET /api/v1/progress/courses?courseIds=… through its `progress` binding, forwarding the
 * gateway-signed identity headers of the request it is answering.
 */
import { afterAll, beforeAll, expect, test } from 'bun:test';
import { inProcessBinding } from '@edu/platform';
import { IDENTITY_HEADER, IDENTITY_SIGNATURE_HEADER } from '@edu/platform/http';
import { asCaller } from '@edu/platform/testing';
import { announceCourse, complete, grantAccess, learner, type Subject, startProgress } from './support.ts';

let subject: Subject;
beforeAll(async () => {
  subject = await startProgress();
});
afterAll(() => subject.close());

test('a binding call with the forwarded identity gives the figures /me/courses shows', async () => {
  const course = await announceCourse(subject, 3);
  const who = learner();
  await grantAccess(subject, who, course.courseId);
  await complete(subject, who, course.lessonIds[0] ?? '');

  // What the courses service receives from the gateway, and forwards unchanged.
  const incoming = new Headers(await asCaller(who));
  const progress = inProcessBinding(subject.app);
  const response = await progress.fetch(
    new Request(`http://progress/api/v1/progress/courses?courseIds=${encodeURIComponent(course.courseId)}`, {
      headers: {
        [IDENTITY_HEADER]: incoming.get(IDENTITY_HEADER) ?? '',
        [IDENTITY_SIGNATURE_HEADER]: incoming.get(IDENTITY_SIGNATURE_HEADER) ?? '',
      },
    }),
  );
  expect(response.status).toBe(200);
  const { items } = (await response.json()) as {
    items: Array<{ courseId: string; completedLessons: number; totalLessons: number; percent: number }>;
  };
  const [item] = items;
  expect(item).toMatchObject({
    courseId: course.courseId,
    completedLessons: 1,
    totalLessons: 3,
    percent: 33,
  });
});
