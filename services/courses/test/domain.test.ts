import { describe, expect, test } from 'bun:test';
import { decodeCursor, encodeCursor, type Identity } from '@edu/platform/http';
import { CatalogCursorSchema } from '../src/domain/catalog-cursor.ts';
import {
  canCreateCourse,
  canPublish,
  canSeeCourse,
  decideEdit,
  isKnownCurrency,
} from '../src/domain/course.ts';
import { canReadLesson, moveLesson, nextPosition } from '../src/domain/lesson.ts';
import { prefixQuery } from '../src/domain/search.ts';

const person = (sub: string, ...roles: Identity['roles']): Identity => ({
  kind: 'user',
  sub,
  roles,
  scopes: [],
  exp: 0,
});
const owner = person('owner', 'user', 'instructor');
const other = person('other', 'user', 'instructor');
const admin = person('admin', 'user', 'admin');
const learner = person('learner', 'user');
const draft = { status: 'draft' as const, instructorId: 'owner' };
const published = { status: 'published' as const, instructorId: 'owner' };

describe('course rules', () => {
  test('only instructors and admins create courses', () => {
    expect([owner, admin, learner, null].map(canCreateCourse)).toEqual([true, true, false, false]);
  });

  test('drafts are seen by owner and admin only', () => {
    expect([owner, admin, other, learner, null].map((caller) => canSeeCourse(draft, caller))).toEqual([
      true,
      true,
      false,
      false,
      false,
    ]);
    expect(canSeeCourse(published, null)).toBe(true);
  });

  test('edits: owner/admin allowed, others 404 on drafts and 403 on published courses', () => {
    expect(decideEdit(draft, owner)).toBe('allowed');
    expect(decideEdit(published, admin)).toBe('allowed');
    expect(decideEdit(draft, other)).toBe('not_found');
    expect(decideEdit(published, other)).toBe('forbidden');
    expect(decideEdit(published, null)).toBe('sign_in');
  });

  test('publishing needs a lesson; currencies are ISO 4217', () => {
    expect(canPublish({ lessonCount: 0 })).toBe(false);
    expect(canPublish({ lessonCount: 1 })).toBe(true);
    expect(isKnownCurrency('EUR')).toBe(true);
    expect(isKnownCurrency('XYZ')).toBe(false);
  });
});

describe('lesson rules', () => {
  const course = { instructorId: 'owner' };
  const paid = { freePreview: false };
  test('canReadLesson', () => {
    expect(canReadLesson({ course, lesson: { freePreview: true }, caller: null, entitled: false })).toBe(
      'allowed',
    );
    expect(canReadLesson({ course, lesson: paid, caller: null, entitled: false })).toBe('sign_in');
    expect(canReadLesson({ course, lesson: paid, caller: learner, entitled: false })).toBe('forbidden');
    expect(canReadLesson({ course, lesson: paid, caller: learner, entitled: true })).toBe('allowed');
    expect(canReadLesson({ course, lesson: paid, caller: owner, entitled: false })).toBe('allowed');
    expect(canReadLesson({ course, lesson: paid, caller: admin, entitled: false })).toBe('allowed');
  });

  test('nextPosition appends', () => {
    expect(nextPosition(0)).toBe(1);
    expect(nextPosition(4)).toBe(5);
  });

  test('moveLesson moves, clamps and refuses unknown lessons', () => {
    const ids = ['a', 'b', 'c', 'd'];
    expect(moveLesson(ids, 'd', 1)).toEqual(['d', 'a', 'b', 'c']);
    expect(moveLesson(ids, 'a', 3)).toEqual(['b', 'c', 'a', 'd']);
    expect(moveLesson(ids, 'b', 99)).toEqual(['a', 'c', 'd', 'b']);
    expect(moveLesson(ids, 'c', 3)).toEqual(ids);
    expect(moveLesson(ids, 'x', 1)).toBeNull();
  });
});

describe('catalog cursors', () => {
  test('round-trip, and anything else is rejected', () => {
    expect(decodeCursor(encodeCursor({ id: 'abc' }), CatalogCursorSchema)).toEqual({ id: 'abc' });
    expect(decodeCursor(encodeCursor({ id: 'abc', rank: '0.6079271' }), CatalogCursorSchema)).toEqual({
      id: 'abc',
      rank: '0.6079271',
    });
    for (const bad of [
      '',
      'garbage',
      Buffer.from('{"id":1}').toString('base64url'),
      Buffer.from('{"id":"a","rank":"1; drop"}').toString('base64url'),
    ]) {
      expect(decodeCursor(bad, CatalogCursorSchema)).toBeNull();
    }
  });
});

describe('search queries', () => {
  test('plain words become a prefix AND query; short words match exactly', () => {
    expect(prefixQuery('postgres')).toBe('postgres:*');
    expect(prefixQuery('  learn  go fast ')).toBe('learn:* & go & fast:*');
    expect(prefixQuery('café 日本語')).toBe('café:* & 日本語:*');
  });

  test('anything with operators or punctuation is left to websearch_to_tsquery', () => {
    for (const q of [
      '"exact phrase"',
      'rust -go',
      'rust or go',
      "'; drop table courses; --",
      'a:*',
      'x & y',
      '',
      '   ',
    ]) {
      expect(prefixQuery(q)).toBeNull();
    }
  });
});
