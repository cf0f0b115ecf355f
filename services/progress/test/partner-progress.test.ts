import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { newId } from '@edu/contracts';
import { asCaller } from '@edu/platform/testing';
import {
  announceCourse,
  announceLearner,
  complete,
  deliver,
  envelope,
  expectProblem,
  grantAccess,
  json,
  learner,
  type Subject,
  startProgress,
  type Who,
} from './support.ts';

/**
 * GET /api/v1/partner/progress, fed as the bus would feed it: the courses service's
 * COURSE_ACCESS_GRANTED/REVOKED (reason `enrollment`) delivered to the progress consumer.
 */
let subject: Subject;
// Starting PGlite and migrating can take seconds on a busy machine.
beforeAll(async () => {
  subject = await startProgress();
}, 30_000);
afterAll(() => subject.close());

interface ReportRow {
  userId: string;
  email?: string;
  courseId: string;
  enrolledAt: string;
  percent: number;
  completedLessons: number;
  totalLessons: number;
  status: 'not_started' | 'in_progress' | 'completed';
  lastActivityAt: string | null;
  completedAt: string | null;
  certificateId: string | null;
}
interface ReportPage {
  items: ReportRow[];
  nextCursor: string | null;
}

const reader = (sub = `partner-${newId()}@clients`) => ({ sub, scopes: ['progress:read'] });
type Partner = ReturnType<typeof reader>;

async function report(partner: Partner | null, query = ''): Promise<Response> {
  const headers = partner
    ? await asCaller({ sub: partner.sub, roles: [], kind: 'client', scopes: partner.scopes })
    : {};
  return subject.app.request(`/api/v1/partner/progress${query ? `?${query}` : ''}`, { headers });
}

async function rows(partner: Partner, query = ''): Promise<ReportRow[]> {
  return (await json<ReportPage>(await report(partner, query), 200)).items;
}

/** The courses service's announcement of a seat (or its revocation); returns the enrollment id. */
async function seat(
  kind: 'COURSE_ACCESS_GRANTED' | 'COURSE_ACCESS_REVOKED',
  partner: Partner,
  who: Who,
  courseId: string,
  enrollmentId = newId(),
) {
  await deliver(
    subject,
    envelope(kind, {
      userId: who.sub,
      courseId,
      reason: 'enrollment',
      partnerId: partner.sub,
      enrollmentId,
      email: `${who.sub}@example.com`,
    }),
  );
  return enrollmentId;
}

describe('who may read partner progress', () => {
  test('anonymous: 401; a user token (even an admin): 403; a client without progress:read: 403', async () => {
    await expectProblem(await report(null), 401);
    const admin = await asCaller({ sub: 'admin-1', roles: ['user', 'admin'] });
    await expectProblem(await subject.app.request('/api/v1/partner/progress', { headers: admin }), 403);
    await expectProblem(
      await report({ sub: 'p1@clients', scopes: ['enrollments:write', 'webhooks:manage'] }),
      403,
    );
  });

  test('bad query: 400 problems', async () => {
    for (const query of ['limit=0', 'limit=101', 'cursor=nope', `cursor=${'x'.repeat(600)}`]) {
      await expectProblem(await report(reader(), query), 400);
    }
  });
});

describe('the report', () => {
  test('shows the figures learners see, as lessons are viewed and completed, with the certificate', async () => {
    const partner = reader();
    const course = await announceCourse(subject, 3);
    const ada = learner('ada');
    await announceLearner(subject, ada, 'Ada');
    await seat('COURSE_ACCESS_GRANTED', partner, ada, course.courseId);

    expect(await rows(partner)).toEqual([
      {
        userId: ada.sub,
        email: `${ada.sub}@example.com`,
        courseId: course.courseId,
        enrolledAt: expect.any(String),
        percent: 0,
        completedLessons: 0,
        totalLessons: 3,
        status: 'not_started',
        lastActivityAt: null,
        completedAt: null,
        certificateId: null,
      },
    ]);

    const [first, second, third] = course.lessonIds;
    if (!first || !second || !third) throw new Error('three lessons expected');
    // The seat lets the learner record progress, as a purchase does.
    expect((await complete(subject, ada, first, 'viewed')).status).toBe(200);
    expect((await rows(partner))[0]).toMatchObject({
      status: 'in_progress',
      percent: 0,
      lastActivityAt: expect.any(String),
    });
    await complete(subject, ada, first);
    await complete(subject, ada, second);
    expect((await rows(partner))[0]).toMatchObject({
      percent: 66,
      completedLessons: 2,
      totalLessons: 3,
      status: 'in_progress',
      completedAt: null,
      certificateId: null,
    });

    await complete(subject, ada, third);
    const [done] = await rows(partner);
    // A copy: bun's toMatchObject writes its matchers into the object it checks.
    expect({ ...done }).toMatchObject({
      percent: 100,
      completedLessons: 3,
      status: 'completed',
      completedAt: expect.any(String),
    });
    const own = await json<{ percent: number; completedAt: string }>(
      await subject.app.request(`/api/v1/progress/courses/${course.courseId}`, {
        headers: await asCaller({ sub: ada.sub, roles: ada.roles }),
      }),
      200,
    );
    expect(done?.completedAt).toBe(own.completedAt);
    const certificate = await json<{ id: string; userId: string }>(
      await subject.app.request(`/api/v1/certificates/${done?.certificateId}`),
      200,
    );
    expect(certificate.userId).toBe(ada.sub);
  });

  test("never shows another partner's learners, nor learners nobody enrolled", async () => {
    const partnerA = reader();
    const partnerB = reader();
    const course = await announceCourse(subject, 2);
    const enrolledByA = learner();
    const buyer = learner();
    await seat('COURSE_ACCESS_GRANTED', partnerA, enrolledByA, course.courseId);
    await grantAccess(subject, buyer, course.courseId);
    await complete(subject, buyer, course.lessonIds[0] ?? '');

    expect((await rows(partnerA)).map((row) => row.userId)).toEqual([enrolledByA.sub]);
    expect(await rows(partnerB)).toEqual([]);
    expect(await rows(partnerB, `userId=${enrolledByA.sub}`)).toEqual([]);
    expect(await rows(partnerA, `userId=${buyer.sub}`)).toEqual([]);
  });

  test('filters by course and learner, newest seat first, in cursor pages', async () => {
    const partner = reader();
    const first = await announceCourse(subject, 1);
    const second = await announceCourse(subject, 1);
    const [ann, ben] = [learner(), learner()];
    const enrolled = [
      [ann, first.courseId],
      [ben, first.courseId],
      [ann, second.courseId],
    ] as const;
    for (const [who, courseId] of enrolled) await seat('COURSE_ACCESS_GRANTED', partner, who, courseId);

    const all = await rows(partner);
    expect(all.map((row) => [row.userId, row.courseId])).toEqual(
      [...enrolled].reverse().map(([who, courseId]) => [who.sub, courseId]),
    );
    expect((await rows(partner, `courseId=${first.courseId}`)).map((row) => row.userId)).toEqual([
      ben.sub,
      ann.sub,
    ]);
    expect((await rows(partner, `userId=${ann.sub}`)).map((row) => row.courseId)).toEqual([
      second.courseId,
      first.courseId,
    ]);
    expect(await rows(partner, `userId=${ann.sub}&courseId=${first.courseId}`)).toHaveLength(1);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: ReportPage = await json(
        await report(partner, `limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`),
        200,
      );
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((row) => `${row.userId}/${row.courseId}`));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all.map((row) => `${row.userId}/${row.courseId}`));
  });
});

describe('revoked seats', () => {
  test('leave the report and end the access the seat gave; an earned certificate stays', async () => {
    const partner = reader();
    const course = await announceCourse(subject, 2);
    const [graduate, dropout] = [learner(), learner()];
    const graduateSeat = await seat('COURSE_ACCESS_GRANTED', partner, graduate, course.courseId);
    const dropoutSeat = await seat('COURSE_ACCESS_GRANTED', partner, dropout, course.courseId);
    for (const lessonId of course.lessonIds) await complete(subject, graduate, lessonId);
    const [finished] = await rows(partner, `userId=${graduate.sub}`);

    await seat('COURSE_ACCESS_REVOKED', partner, graduate, course.courseId, graduateSeat);
    await seat('COURSE_ACCESS_REVOKED', partner, dropout, course.courseId, dropoutSeat);
    expect(await rows(partner)).toEqual([]);
    await expectProblem(await complete(subject, dropout, course.lessonIds[0] ?? ''), 403);
    const certificate = await json<{ revokedAt: string | null }>(
      await subject.app.request(`/api/v1/certificates/${finished?.certificateId}`),
      200,
    );
    expect(certificate.revokedAt).toBeNull();
  });

  test('a learner who also bought the course, or holds another partner’s seat, keeps access', async () => {
    const [partnerA, partnerB] = [reader(), reader()];
    const course = await announceCourse(subject, 2);
    const [buyer, doubleSeated] = [learner(), learner()];
    await grantAccess(subject, buyer, course.courseId);
    const buyerSeat = await seat('COURSE_ACCESS_GRANTED', partnerA, buyer, course.courseId);
    const seatA = await seat('COURSE_ACCESS_GRANTED', partnerA, doubleSeated, course.courseId);
    await seat('COURSE_ACCESS_GRANTED', partnerB, doubleSeated, course.courseId);

    await seat('COURSE_ACCESS_REVOKED', partnerA, buyer, course.courseId, buyerSeat);
    await seat('COURSE_ACCESS_REVOKED', partnerA, doubleSeated, course.courseId, seatA);
    expect((await complete(subject, buyer, course.lessonIds[0] ?? '')).status).toBe(200);
    expect((await complete(subject, doubleSeated, course.lessonIds[0] ?? '')).status).toBe(200);
    expect(await rows(partnerA)).toEqual([]);
    expect((await rows(partnerB)).map((row) => row.userId)).toEqual([doubleSeated.sub]);
  });

  test('a refund leaves the access and the certificate of a learner who still holds a seat', async () => {
    const partner = reader();
    const course = await announceCourse(subject, 1);
    const who = learner();
    const paymentId = await grantAccess(subject, who, course.courseId);
    await seat('COURSE_ACCESS_GRANTED', partner, who, course.courseId);
    await complete(subject, who, course.lessonIds[0] ?? '');
    const [done] = await rows(partner);
    await deliver(
      subject,
      envelope(
        'PAYMENT_REFUNDED',
        {
          paymentId,
          refundId: `re-${newId()}`,
          userId: who.sub,
          courseId: course.courseId,
          amountCents: 1000,
          currency: 'EUR',
        },
        'payments',
      ),
    );
    const certificate = await json<{ revokedAt: string | null }>(
      await subject.app.request(`/api/v1/certificates/${done?.certificateId}`),
      200,
    );
    expect(certificate.revokedAt).toBeNull();
    expect((await rows(partner))[0]?.certificateId).toBe(done?.certificateId ?? 'missing');
  });

  test('a revocation that overtakes its grant, or a redelivered grant, does not revive the seat; a new seat does', async () => {
    const partner = reader();
    const course = await announceCourse(subject, 1);
    const who = learner();
    const first = newId();
    await seat('COURSE_ACCESS_REVOKED', partner, who, course.courseId, first);
    await seat('COURSE_ACCESS_GRANTED', partner, who, course.courseId, first);
    expect(await rows(partner)).toEqual([]);
    await expectProblem(await complete(subject, who, course.lessonIds[0] ?? ''), 403);

    const second = newId();
    await seat('COURSE_ACCESS_GRANTED', partner, who, course.courseId, second);
    // News of the older seat is stale now.
    await seat('COURSE_ACCESS_REVOKED', partner, who, course.courseId, first);
    expect((await rows(partner)).map((row) => row.userId)).toEqual([who.sub]);
    expect((await complete(subject, who, course.lessonIds[0] ?? '')).status).toBe(200);
  });
});
