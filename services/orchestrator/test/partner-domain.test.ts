import { describe, expect, test } from 'bun:test';
import { grantedScopes, SCOPE_PARAMETER } from '../src/domain/partner-clients.ts';
import { fixedWindow, rateLimitHeaders } from '../src/domain/rate-limits.ts';

describe('grantedScopes', () => {
  const owned = ['progress:read', 'enrollments:write'];

  test('all of the client’s scopes when none are asked for', () => {
    expect(grantedScopes(undefined, owned)).toEqual(['progress:read', 'enrollments:write']);
    expect(grantedScopes('', owned)).toEqual(['progress:read', 'enrollments:write']);
  });

  test('exactly a subset when asked, in a stable order, repeats ignored', () => {
    expect(grantedScopes('enrollments:write progress:read progress:read', owned)).toEqual([
      'progress:read',
      'enrollments:write',
    ]);
  });

  test('null for a scope the client does not have, or one that does not exist', () => {
    expect(grantedScopes('webhooks:manage', owned)).toBeNull();
    expect(grantedScopes('progress:read admin', owned)).toBeNull();
  });

  test('the scope parameter grammar refuses double spaces and quotes', () => {
    expect(SCOPE_PARAMETER.test('progress:read enrollments:write')).toBe(true);
    expect(SCOPE_PARAMETER.test('progress:read  enrollments:write')).toBe(false);
    expect(SCOPE_PARAMETER.test('"x"')).toBe(false);
  });
});

describe('fixed windows', () => {
  test('the window number and the seconds left in it', () => {
    expect(fixedWindow(60_000 * 10 + 15_500, 60)).toEqual({ index: 10, resetSeconds: 45 });
    expect(fixedWindow(60_000 * 10, 60)).toEqual({ index: 10, resetSeconds: 60 });
    expect(fixedWindow(60_000 * 11 - 1, 60)).toEqual({ index: 10, resetSeconds: 1 });
  });

  test('RateLimit headers never go below zero remaining', () => {
    expect(rateLimitHeaders(5, 7, 12, 60)).toEqual({
      'RateLimit-Limit': '5',
      'RateLimit-Remaining': '0',
      'RateLimit-Reset': '12',
      'RateLimit-Policy': '5;w=60',
    });
  });
});
