import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { newId } from '@edu/contracts';
import { IDENTITY_HEADER, IDENTITY_SIGNATURE_HEADER } from '@edu/platform/http';
import { asCaller } from '@edu/platform/testing';
import { describeRouteSecurity, type TestCaller } from '@edu/platform/testing/security';
import {
  announceCourse,
  type CourseFixture,
  deliver,
  envelope,
  expectProblem,
  grantAccess,
  type Subject,
  startProgress,
} from './support.ts';

let subject: Subject;
let course: CourseFixture;
const owner: TestCaller = { sub: `learner-${newId()}`, roles: ['user'] };
/** A partner client, not a person: it has no progress of its own. */
const partnerClient: TestCaller = { sub: 'partner-1@clients', roles: [], kind: 'client' };
const reader: TestCaller = { sub: 'reader-1@clients', roles: [], kind: 'client', scopes: ['progress:read'] };

beforeAll(async () => {
  subject = await startProgress();
  course = await announceCourse(subject, 2);
  await grantAccess(subject, { sub: owner.sub, roles: ['user'] }, course.courseId);
  await deliver(
    subject,
    envelope('COURSE_ACCESS_GRANTED', {
      userId: owner.sub,
      courseId: course.courseId,
      reason: 'enrollment',
      partnerId: reader.sub,
      enrollmentId: newId(),
    }),
  );
});
afterAll(() => subject.close());

describeRouteSecurity({
  service: 'progress',
  subject: () => subject,
  owner: () => owner,
  routes: [
    {
      operation: 'POST /api/v1/progress/lessons/{lessonId}',
      request: () => ({ path: `/api/v1/progress/lessons/${course.lessonIds[0]}`, body: {} }),
      forbidden: { caller: () => partnerClient },
      // Another learner was not given the course: they may not record progress in it.
      otherUser: 403,
    },
    {
      operation: 'GET /api/v1/progress/courses/{courseId}',
      request: () => ({ path: `/api/v1/progress/courses/${course.courseId}` }),
      forbidden: { caller: () => partnerClient },
    },
    {
      operation: 'GET /api/v1/progress/courses',
      request: () => ({ path: `/api/v1/progress/courses?courseIds=${course.courseId}` }),
      forbidden: { caller: () => partnerClient },
    },
    {
      operation: 'GET /api/v1/partner/progress',
      request: () => ({ path: '/api/v1/partner/progress' }),
      owner: () => reader,
      // A person's token, even the learner's own, is not a partner's.
      forbidden: { caller: () => owner },
    },
  ],
});

describe('progress: what the shared suite does not cover', () => {
  test('a gateway signature over another identity is 401', async () => {
    const signed = await asCaller(owner);
    const payload = JSON.parse(Buffer.from(signed[IDENTITY_HEADER] ?? '', 'base64url').toString());
    const swapped = Buffer.from(JSON.stringify({ ...payload, sub: `someone-${newId()}` })).toString(
      'base64url',
    );
    const headers = {
      [IDENTITY_HEADER]: swapped,
      [IDENTITY_SIGNATURE_HEADER]: signed[IDENTITY_SIGNATURE_HEADER] ?? '',
    };
    for (const [method, path] of [
      ['POST', `/api/v1/progress/lessons/${course.lessonIds[0]}`],
      ['GET', `/api/v1/progress/courses/${course.courseId}`],
      ['GET', `/api/v1/progress/courses?courseIds=${course.courseId}`],
    ] as const) {
      await expectProblem(await subject.app.request(path, { method, headers }), 401);
    }
  });

  test('a partner client without progress:read may not read the report: 403', async () => {
    const headers = await asCaller({ ...partnerClient, scopes: ['enrollments:write'] });
    await expectProblem(await subject.app.request('/api/v1/partner/progress', { headers }), 403);
  });

  test('another learner sees only their own progress in the course', async () => {
    const other: TestCaller = { sub: `learner-${newId()}`, roles: ['user'] };
    const response = await subject.app.request(`/api/v1/progress/courses/${course.courseId}`, {
      headers: await asCaller(other),
    });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { completedLessons: number }).completedLessons).toBe(0);
  });
});
