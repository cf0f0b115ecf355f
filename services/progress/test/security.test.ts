import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { newId } from '@edu/contracts';
import { IDENTITY_HEADER, IDENTITY_SIGNATURE_HEADER, signIdentity } from '@edu/platform/http';
import { asCaller } from '@edu/platform/testing';
import {
  announceCourse,
  type CourseFixture,
  expectProblem,
  grantAccess,
  type Subject,
  startProgress,
} from './support.ts';

let subject: Subject;
let course: CourseFixture;
const owner = { sub: `learner-${newId()}`, roles: ['user' as const] };

beforeAll(async () => {
  subject = await startProgress();
  course = await announceCourse(subject, 2);
  await grantAccess(subject, owner, course.courseId);
});
afterAll(() => subject.close());

/** The protected routes, each with a request that would succeed for `owner`. */
const protectedRoutes = () => [
  {
    name: 'record a lesson',
    method: 'POST',
    path: `/api/v1/progress/lessons/${course.lessonIds[0]}`,
    body: '{}',
  },
  { name: 'course progress', method: 'GET', path: `/api/v1/progress/courses/${course.courseId}` },
  {
    name: 'progress for courses',
    method: 'GET',
    path: `/api/v1/progress/courses?courseIds=${course.courseId}`,
  },
];

async function send(route: ReturnType<typeof protectedRoutes>[number], headers: Record<string, string>) {
  return subject.app.request(route.path, {
    method: route.method,
    headers: { ...headers, ...(route.body ? { 'content-type': 'application/json' } : {}) },
    ...(route.body ? { body: route.body } : {}),
  });
}

describe('security of every protected route', () => {
  test('works for the entitled caller (so the checks below are meaningful)', async () => {
    for (const route of protectedRoutes()) {
      expect({ route: route.name, status: (await send(route, await asCaller(owner))).status }).toEqual({
        route: route.name,
        status: 200,
      });
    }
  });

  test('no identity is 401', async () => {
    for (const route of protectedRoutes()) await expectProblem(await send(route, {}), 401);
  });

  test('an identity not signed by the gateway is 401', async () => {
    const forged = await signIdentity(
      { kind: 'user', sub: owner.sub, roles: ['admin'], scopes: [] },
      'not-the-secret-0123456789abcdef',
    );
    const tampered = await asCaller(owner);
    const payload = JSON.parse(Buffer.from(tampered[IDENTITY_HEADER] ?? '', 'base64url').toString());
    const swapped = Buffer.from(JSON.stringify({ ...payload, sub: `someone-${newId()}` })).toString(
      'base64url',
    );
    for (const route of protectedRoutes()) {
      await expectProblem(await send(route, forged), 401);
      await expectProblem(
        await send(route, {
          [IDENTITY_HEADER]: swapped,
          [IDENTITY_SIGNATURE_HEADER]: tampered[IDENTITY_SIGNATURE_HEADER] ?? '',
        }),
        401,
      );
    }
  });

  test('a partner client (not a person) has no progress: 403', async () => {
    const client = await asCaller({ sub: 'partner-1', roles: [], kind: 'client' });
    for (const route of protectedRoutes()) await expectProblem(await send(route, client), 403);
  });

  test('another learner cannot record progress in a course they were not given, and sees only their own', async () => {
    const other = { sub: `learner-${newId()}`, roles: ['user' as const] };
    const [record, own] = protectedRoutes();
    if (!record || !own) throw new Error('routes missing');
    await expectProblem(await send(record, await asCaller(other)), 403);
    const mine = (await (await send(own, await asCaller(other))).json()) as { completedLessons: number };
    expect(mine.completedLessons).toBe(0);
  });
});

describe('the OpenAPI description', () => {
  test('documents every route with its error statuses as problem+json', () => {
    const document = subject.app.getOpenAPI31Document({
      openapi: '3.1.0',
      info: { title: 'progress', version: '1' },
    });
    const paths = document.paths ?? {};
    expect(Object.keys(paths).sort()).toEqual([
      '/api/v1/certificates/keys',
      '/api/v1/certificates/verify',
      '/api/v1/certificates/{id}',
      '/api/v1/certificates/{id}/verify',
      '/api/v1/partner/progress',
      '/api/v1/progress/courses',
      '/api/v1/progress/courses/{courseId}',
      '/api/v1/progress/lessons/{lessonId}',
      '/health',
    ]);
    const record = paths['/api/v1/progress/lessons/{lessonId}']?.post;
    expect(Object.keys(record?.responses ?? {}).sort()).toEqual(['200', '400', '401', '403', '404']);
    expect(record?.summary).toBeString();
    const report = paths['/api/v1/partner/progress']?.get;
    expect(Object.keys(report?.responses ?? {}).sort()).toEqual(['200', '400', '401', '403']);
    expect(report?.tags).toEqual(['Partner']);
  });
});
