import { describe, expect, test } from 'bun:test';
import {
  accessAfterGrant,
  mayRecordProgress,
  mayViewCourse,
  seatEventApplies,
} from '../src/domain/access.ts';
import { learnerNameFor, verdictFor } from '../src/domain/certificate.ts';
import { decodeReportCursor, encodeReportCursor, learnerCourseStatus } from '../src/domain/partner-report.ts';
import {
  isCourseComplete,
  nextLessonStatus,
  percentComplete,
  resumeLessonId,
  summarizeProgress,
} from '../src/domain/progress.ts';

describe('percentComplete', () => {
  test('rounds down so figures are stable, and reaches 100 only when all are done', () => {
    expect(percentComplete(1, 3)).toBe(33);
    expect(percentComplete(2, 3)).toBe(66);
    expect(percentComplete(3, 3)).toBe(100);
    expect(percentComplete(199, 200)).toBe(99);
    expect(percentComplete(0, 0)).toBe(0);
    expect(percentComplete(5, 4)).toBe(100);
    expect(percentComplete(-1, 4)).toBe(0);
  });

  test('is an integer for every split of up to 100 lessons', () => {
    for (let total = 1; total <= 100; total++) {
      for (let done = 0; done <= total; done++) {
        const percent = percentComplete(done, total);
        expect(Number.isInteger(percent)).toBe(true);
        expect(percent === 100).toBe(done === total);
      }
    }
  });
});

describe('lesson and course rules', () => {
  test('completed is final', () => {
    expect(nextLessonStatus(null, 'viewed')).toBe('viewed');
    expect(nextLessonStatus('viewed', 'completed')).toBe('completed');
    expect(nextLessonStatus('completed', 'viewed')).toBe('completed');
  });

  test('a course is complete when every lesson of a non-empty course is', () => {
    expect(isCourseComplete(0, 0)).toBe(false);
    expect(isCourseComplete(2, 3)).toBe(false);
    expect(isCourseComplete(3, 3)).toBe(true);
  });

  test('resume is the first lesson by position not completed', () => {
    const lessons = [
      { lessonId: 'c', position: 3 },
      { lessonId: 'a', position: 1 },
      { lessonId: 'b', position: 2 },
    ];
    const done = new Set(['a']);
    const statusOf = (id: string) => (done.has(id) ? ('completed' as const) : ('not_started' as const));
    expect(resumeLessonId(lessons, statusOf)).toBe('b');
    done.add('b');
    done.add('c');
    expect(resumeLessonId(lessons, statusOf)).toBeNull();
    expect(resumeLessonId([], statusOf)).toBeNull();
  });

  test('a summary keeps completedAt whatever the counts say', () => {
    const completedAt = new Date('2026-01-02T03:04:05.000Z');
    expect(summarizeProgress({ courseId: 'c', completedLessons: 2, totalLessons: 3, completedAt })).toEqual({
      courseId: 'c',
      completedLessons: 2,
      totalLessons: 3,
      percent: 66,
      completedAt: '2026-01-02T03:04:05.000Z',
    });
  });
});

describe('access rules', () => {
  const none = { instructorId: 'owner', hasCourseAccess: false, hasSubscription: false };
  test('entitled learners, the owner and admins may record progress', () => {
    expect(mayRecordProgress({ userId: 'u', roles: ['user'] }, none)).toBe(false);
    expect(mayRecordProgress({ userId: 'u', roles: ['user'] }, { ...none, hasCourseAccess: true })).toBe(
      true,
    );
    expect(mayRecordProgress({ userId: 'u', roles: ['user'] }, { ...none, hasSubscription: true })).toBe(
      true,
    );
    expect(mayRecordProgress({ userId: 'owner', roles: ['user', 'instructor'] }, none)).toBe(true);
    expect(mayRecordProgress({ userId: 'other', roles: ['user', 'instructor'] }, none)).toBe(false);
    expect(mayRecordProgress({ userId: 'a', roles: ['user', 'admin'] }, none)).toBe(true);
    expect(mayRecordProgress({ userId: 'u', roles: ['user'] }, { ...none, instructorId: null })).toBe(false);
  });

  test('drafts are visible only to their instructor and admins; unknown courses to all', () => {
    const draft = { status: 'draft' as const, instructorId: 'owner' };
    expect(mayViewCourse({ userId: 'u', roles: ['user'] }, draft)).toBe(false);
    expect(mayViewCourse({ userId: 'owner', roles: ['user', 'instructor'] }, draft)).toBe(true);
    expect(mayViewCourse({ userId: 'a', roles: ['user', 'admin'] }, draft)).toBe(true);
    expect(mayViewCourse({ userId: 'u', roles: ['user'] }, { ...draft, status: 'published' })).toBe(true);
    expect(mayViewCourse({ userId: 'u', roles: ['user'] }, null)).toBe(true);
  });

  test('a grant of the refunded purchase stays revoked; any other grant restores access', () => {
    expect(accessAfterGrant(null, 'p1')).toBe('active');
    expect(accessAfterGrant({ status: 'revoked', paymentId: 'p1' }, 'p1')).toBe('revoked');
    expect(accessAfterGrant({ status: 'revoked', paymentId: 'p1' }, 'p2')).toBe('active');
    expect(accessAfterGrant({ status: 'revoked', paymentId: 'p1' }, null)).toBe('active');
  });
});

describe('certificate rules', () => {
  test('verdicts and learner names', () => {
    expect(verdictFor(null)).toEqual({ valid: false, reason: 'not_found' });
    expect(verdictFor({ revokedAt: new Date() })).toEqual({ valid: false, reason: 'revoked' });
    expect(verdictFor({ revokedAt: null })).toEqual({ valid: true });
    expect(learnerNameFor('Ada', 'Someone')).toBe('Ada');
    expect(learnerNameFor(null, ' Grace ')).toBe('Grace');
    expect(learnerNameFor('  ', undefined)).toBe('Learner');
  });
});

describe('partner seats and reports', () => {
  const seatAt = (enrollmentId: string, revoked: boolean) => ({
    enrollmentId,
    revokedAt: revoked ? new Date() : null,
  });

  test('seatEventApplies: stale news of an older seat, or a grant of the revoked seat itself, changes nothing', () => {
    expect(seatEventApplies(null, { kind: 'grant', enrollmentId: 'b' })).toBe(true);
    expect(seatEventApplies(null, { kind: 'revoke', enrollmentId: 'b' })).toBe(true);
    expect(seatEventApplies(seatAt('b', false), { kind: 'revoke', enrollmentId: 'b' })).toBe(true);
    expect(seatEventApplies(seatAt('b', true), { kind: 'grant', enrollmentId: 'b' })).toBe(false);
    expect(seatEventApplies(seatAt('b', false), { kind: 'grant', enrollmentId: 'b' })).toBe(true);
    expect(seatEventApplies(seatAt('b', true), { kind: 'grant', enrollmentId: 'c' })).toBe(true);
    expect(seatEventApplies(seatAt('b', false), { kind: 'revoke', enrollmentId: 'a' })).toBe(false);
    expect(seatEventApplies(seatAt('b', true), { kind: 'grant', enrollmentId: 'a' })).toBe(false);
  });

  test('learnerCourseStatus: completed stays completed; any activity is in progress', () => {
    expect(learnerCourseStatus({ completedAt: null }, null)).toBe('not_started');
    expect(learnerCourseStatus({ completedAt: null }, new Date())).toBe('in_progress');
    expect(learnerCourseStatus({ completedAt: '2026-11-24T12:00:00.000Z' }, new Date())).toBe('completed');
  });

  test('report cursors round-trip, and anything else is refused', () => {
    expect(decodeReportCursor(encodeReportCursor('01930000-0000-7000-8000-0000000e0001'))).toBe(
      '01930000-0000-7000-8000-0000000e0001',
    );
    for (const bad of [
      '',
      'nope',
      Buffer.from('{"after":42}').toString('base64url'),
      Buffer.from('[]').toString('base64url'),
    ]) {
      expect(decodeReportCursor(bad)).toBeNull();
    }
  });
});
