import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { newId } from '@edu/contracts';
import { asCaller } from '@edu/platform/testing';
import { listAccessibleCourses } from '../src/db/my-courses.ts';
import { createUsersStandIn } from './support/users.ts';
import {
  call,
  createCourse,
  deliver,
  envelope,
  expectProblem,
  json,
  LEARNER,
  type LessonJson,
  outboxEvents,
  publishedCourse,
  purchaseData,
  type Subject,
  startCourses,
} from './support.ts';

/**
 * The partner enrollments API. The users service is a stand-in binding that, like the real
 * internal route, answers only the internal callers it allows and finds emails in any case.
 */
const users = createUsersStandIn();

let subject: Subject;
// Starting PGlite and migrating can take seconds on a busy machine.
beforeAll(async () => {
  subject = await startCourses({ services: { users: users.binding } });
}, 30_000);
afterAll(() => subject.close());

interface EnrollmentJson {
  id: string;
  courseId: string;
  userId: string;
  email: string;
  status: 'active' | 'revoked';
  createdAt: string;
  revokedAt: string | null;
}

const WRITER_A = { sub: 'partner-a@clients', scopes: ['enrollments:write'] };
const WRITER_B = { sub: 'partner-b@clients', scopes: ['enrollments:write'] };
type Partner = { sub: string; scopes: string[] };

/** Calls the app as a partner client (null: anonymous). */
async function asPartner(partner: Partner | null, method: string, path: string, body?: unknown) {
  const identity = partner
    ? await asCaller({ sub: partner.sub, roles: [], kind: 'client', scopes: partner.scopes })
    : {};
  return subject.app.request(path, {
    method,
    headers: { ...identity, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

const register = () => users.register();

const enroll = (partner: Partner | null, courseId: string, email: string) =>
  asPartner(partner, 'POST', '/api/v1/partner/enrollments', { courseId, email });

async function paidCourse() {
  const { course, lessons } = await publishedCourse(subject.app);
  const lesson = lessons[1];
  if (!lesson) throw new Error('no paid lesson');
  return { course, lessonPath: `/api/v1/courses/${course.id}/lessons/${lesson.id}` };
}

const readLesson = (path: string, userId: string) =>
  call(subject.app, 'GET', path, { sub: userId, roles: LEARNER.roles });

async function accessEvents(courseId: string) {
  return (await outboxEvents(subject, courseId)).filter((event) => event.type.startsWith('COURSE_ACCESS_'));
}

describe('partner enrollments: who may call', () => {
  const routes = [
    ['POST', '/api/v1/partner/enrollments', { courseId: 'c', email: 'a@example.com' }],
    ['GET', '/api/v1/partner/enrollments', undefined],
    ['DELETE', '/api/v1/partner/enrollments/some-id', undefined],
  ] as const;

  test('anonymous: 401 problem', async () => {
    for (const [method, path, body] of routes)
      await expectProblem(await asPartner(null, method, path, body), 401);
  });

  test('a user token, even an admin’s: 403 problem', async () => {
    for (const [method, path, body] of routes) {
      const response = await subject.app.request(path, {
        method,
        headers: {
          ...(await asCaller({ sub: 'admin-1', roles: ['user', 'admin'] })),
          'content-type': 'application/json',
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      await expectProblem(response, 403);
    }
  });

  test('a client without enrollments:write: 403 problem', async () => {
    const reader = { sub: 'partner-a@clients', scopes: ['progress:read', 'webhooks:manage'] };
    for (const [method, path, body] of routes)
      await expectProblem(await asPartner(reader, method, path, body), 403);
  });
});

describe('POST /api/v1/partner/enrollments', () => {
  test('201 with the seat; the learner may read the course; COURSE_ACCESS_GRANTED in the outbox', async () => {
    const { course, lessonPath } = await paidCourse();
    const learner = register();
    await expectProblem(await readLesson(lessonPath, learner.id), 403);

    const response = await enroll(WRITER_A, course.id, learner.email.toUpperCase());
    const seat = await json<EnrollmentJson>(response, 201);
    expect(seat).toEqual({
      id: expect.any(String),
      courseId: course.id,
      userId: learner.id,
      email: learner.email,
      status: 'active',
      createdAt: expect.any(String),
      revokedAt: null,
    });
    const lesson = await json<LessonJson>(await readLesson(lessonPath, learner.id), 200);
    expect(lesson.content).toBeDefined();

    const events = await accessEvents(course.id);
    expect(events).toHaveLength(1);
    expect(events[0]?.type).toBe('COURSE_ACCESS_GRANTED');
    expect(events[0]?.envelope.data).toEqual({
      userId: learner.id,
      courseId: course.id,
      reason: 'enrollment',
      partnerId: WRITER_A.sub,
      enrollmentId: seat.id,
      email: learner.email,
    });
    expect(events[0]?.envelope.metadata.correlationId).toBe(response.headers.get('x-request-id') ?? '');
  });

  test('idempotent: enrolling again answers 200 with the same seat and publishes nothing more', async () => {
    const { course } = await paidCourse();
    const learner = register();
    const first = await json<EnrollmentJson>(await enroll(WRITER_A, course.id, learner.email), 201);
    const again = await json<EnrollmentJson>(
      await enroll(WRITER_A, course.id, learner.email.toLowerCase()),
      200,
    );
    expect(again).toEqual(first);
    const concurrent = await Promise.all([1, 2, 3].map(() => enroll(WRITER_A, course.id, learner.email)));
    expect(concurrent.map((response) => response.status)).toEqual([200, 200, 200]);
    expect(await accessEvents(course.id)).toHaveLength(1);
  });

  test('the users service is called as the courses service itself, never as the gateway', async () => {
    const { course } = await paidCourse();
    const learner = register();
    const before = users.callers.length;
    await json<EnrollmentJson>(await enroll(WRITER_A, course.id, learner.email), 201);
    expect(users.callers.slice(before)).toEqual(['service:courses']);
  });

  test('an unknown learner: 404 telling them to register first', async () => {
    const { course } = await paidCourse();
    const problem = await expectProblem(await enroll(WRITER_A, course.id, 'nobody@example.com'), 404);
    expect(problem.detail).toContain('must create an account');
  });

  test('an unknown or unpublished course: 404', async () => {
    const learner = register();
    await expectProblem(await enroll(WRITER_A, 'no-such-course', learner.email), 404);
    const draft = await createCourse(subject.app);
    await expectProblem(await enroll(WRITER_A, draft.id, learner.email), 404);
  });

  test('bad input: 400 problems naming the field', async () => {
    const { course } = await paidCourse();
    for (const body of [
      {},
      { courseId: course.id },
      { courseId: course.id, email: 'not-an-email' },
      { email: 'a@example.com' },
    ]) {
      const problem = (await expectProblem(
        await asPartner(WRITER_A, 'POST', '/api/v1/partner/enrollments', body),
        400,
      )) as { errors?: unknown[] };
      expect(problem.errors?.length).toBeGreaterThan(0);
    }
    const malformed = await subject.app.request('/api/v1/partner/enrollments', {
      method: 'POST',
      headers: {
        ...(await asCaller({ sub: WRITER_A.sub, roles: [], kind: 'client', scopes: WRITER_A.scopes })),
        'content-type': 'application/json',
      },
      body: '{"courseId":',
    });
    await expectProblem(malformed, 400);
  });

  test('the users service unreachable: 503 problem, nothing recorded', async () => {
    const { course } = await paidCourse();
    const learner = register();
    users.setDown(true);
    try {
      await expectProblem(await enroll(WRITER_A, course.id, learner.email), 503);
    } finally {
      users.setDown(false);
    }
    expect(await accessEvents(course.id)).toHaveLength(0);
  });
});

describe('GET /api/v1/partner/enrollments', () => {
  test("only the caller's seats, newest first, filtered by course, in cursor pages", async () => {
    const first = await paidCourse();
    const second = await paidCourse();
    const partner = { sub: `partner-${newId()}@clients`, scopes: ['enrollments:write'] };
    const other = { sub: `partner-${newId()}@clients`, scopes: ['enrollments:write'] };
    const learners = [register(), register(), register()];
    const mine: EnrollmentJson[] = [];
    for (const learner of learners)
      mine.push(await json(await enroll(partner, first.course.id, learner.email), 201));
    mine.push(await json(await enroll(partner, second.course.id, learners[0]?.email ?? ''), 201));
    await json(await enroll(other, first.course.id, learners[1]?.email ?? ''), 201);

    const all = await json<{ items: EnrollmentJson[]; nextCursor: string | null }>(
      await asPartner(partner, 'GET', '/api/v1/partner/enrollments'),
      200,
    );
    expect(all.items.map((seat) => seat.id)).toEqual(mine.map((seat) => seat.id).reverse());
    expect(all.nextCursor).toBeNull();

    const filtered = await json<{ items: EnrollmentJson[] }>(
      await asPartner(partner, 'GET', `/api/v1/partner/enrollments?courseId=${first.course.id}`),
      200,
    );
    expect(filtered.items).toHaveLength(3);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
      const page: { items: EnrollmentJson[]; nextCursor: string | null } = await json(
        await asPartner(partner, 'GET', `/api/v1/partner/enrollments?limit=1${query}`),
        200,
      );
      seen.push(...page.items.map((seat) => seat.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all.items.map((seat) => seat.id));
  });

  test('bad query: 400 problems', async () => {
    for (const query of ['limit=0', 'limit=101', 'limit=abc', 'cursor=not-a-cursor']) {
      await expectProblem(await asPartner(WRITER_A, 'GET', `/api/v1/partner/enrollments?${query}`), 400);
    }
  });
});

describe('DELETE /api/v1/partner/enrollments/{enrollmentId}', () => {
  test('204; the seat is revoked, access ends, COURSE_ACCESS_REVOKED published once', async () => {
    const { course, lessonPath } = await paidCourse();
    const learner = register();
    const seat = await json<EnrollmentJson>(await enroll(WRITER_A, course.id, learner.email), 201);
    const response = await asPartner(WRITER_A, 'DELETE', `/api/v1/partner/enrollments/${seat.id}`);
    expect(response.status).toBe(204);
    await expectProblem(await readLesson(lessonPath, learner.id), 403);

    const listed = await json<{ items: EnrollmentJson[] }>(
      await asPartner(WRITER_A, 'GET', `/api/v1/partner/enrollments?courseId=${course.id}`),
      200,
    );
    expect(listed.items[0]).toMatchObject({ id: seat.id, status: 'revoked', revokedAt: expect.any(String) });

    // Revoking again changes nothing.
    expect((await asPartner(WRITER_A, 'DELETE', `/api/v1/partner/enrollments/${seat.id}`)).status).toBe(204);
    const events = await accessEvents(course.id);
    expect(events.map((event) => event.type)).toEqual(['COURSE_ACCESS_GRANTED', 'COURSE_ACCESS_REVOKED']);
    expect(events[1]?.envelope.data).toMatchObject({
      userId: learner.id,
      courseId: course.id,
      reason: 'enrollment',
      partnerId: WRITER_A.sub,
      enrollmentId: seat.id,
    });

    // Enrolling after a revocation is a new seat.
    const renewed = await json<EnrollmentJson>(await enroll(WRITER_A, course.id, learner.email), 201);
    expect(renewed.id).not.toBe(seat.id);
    expect((await readLesson(lessonPath, learner.id)).status).toBe(200);
  });

  test("another partner's seat, or none: 404, and it stays active", async () => {
    const { course, lessonPath } = await paidCourse();
    const learner = register();
    const seat = await json<EnrollmentJson>(await enroll(WRITER_A, course.id, learner.email), 201);
    await expectProblem(await asPartner(WRITER_B, 'DELETE', `/api/v1/partner/enrollments/${seat.id}`), 404);
    await expectProblem(await asPartner(WRITER_A, 'DELETE', `/api/v1/partner/enrollments/${newId()}`), 404);
    const listedByB = await json<{ items: EnrollmentJson[] }>(
      await asPartner(WRITER_B, 'GET', `/api/v1/partner/enrollments?courseId=${course.id}`),
      200,
    );
    expect(listedByB.items).toEqual([]);
    expect((await readLesson(lessonPath, learner.id)).status).toBe(200);
  });

  test('a learner who also bought the course keeps access', async () => {
    const { course, lessonPath } = await paidCourse();
    const learner = register();
    const purchase = envelope(
      'COURSE_PURCHASED',
      purchaseData({ paymentId: `pay-${newId()}`, userId: learner.id, courseId: course.id }),
    );
    expect(await deliver(subject, purchase)).toBe(true);
    const seat = await json<EnrollmentJson>(await enroll(WRITER_A, course.id, learner.email), 201);
    expect((await asPartner(WRITER_A, 'DELETE', `/api/v1/partner/enrollments/${seat.id}`)).status).toBe(204);
    expect((await readLesson(lessonPath, learner.id)).status).toBe(200);
  });

  test("a learner with another partner's seat keeps access", async () => {
    const { course, lessonPath } = await paidCourse();
    const learner = register();
    const seatA = await json<EnrollmentJson>(await enroll(WRITER_A, course.id, learner.email), 201);
    await json<EnrollmentJson>(await enroll(WRITER_B, course.id, learner.email), 201);
    expect((await asPartner(WRITER_A, 'DELETE', `/api/v1/partner/enrollments/${seatA.id}`)).status).toBe(204);
    expect((await readLesson(lessonPath, learner.id)).status).toBe(200);
  });
});

test("an enrolled course is among the learner's courses as `enrollment` (a purchase shows first)", async () => {
  const enrolledOnly = await paidCourse();
  const bought = await paidCourse();
  const learner = register();
  await json(await enroll(WRITER_A, enrolledOnly.course.id, learner.email), 201);
  await json(await enroll(WRITER_A, bought.course.id, learner.email), 201);
  const purchase = envelope(
    'COURSE_PURCHASED',
    purchaseData({ paymentId: `pay-${newId()}`, userId: learner.id, courseId: bought.course.id }),
  );
  await deliver(subject, purchase);
  const rows = await listAccessibleCourses(subject.database.db, learner.id, { limit: 10 });
  expect(rows.map((row) => [row.course.id, row.access])).toEqual([
    [bought.course.id, 'purchase'],
    [enrolledOnly.course.id, 'enrollment'],
  ]);
});
