import { expect, test } from 'bun:test';
import { newId } from '../src/ids.ts';

test('newId is a UUIDv7 that sorts by creation time', () => {
  const first = newId(1_700_000_000_000);
  const second = newId(1_700_000_000_001);
  expect(first).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  expect(first < second).toBe(true);
  expect(new Set(Array.from({ length: 1000 }, () => newId())).size).toBe(1000);
});

test('ids minted in one burst (the same millisecond) sort in the order they were minted', () => {
  const ids = Array.from({ length: 5_000 }, () => newId());
  expect([...ids].sort()).toEqual(ids);
  const sameMillisecond = Array.from({ length: 100 }, () => newId(Date.now()));
  expect([...sameMillisecond].sort()).toEqual(sameMillisecond);
  expect(new Set(sameMillisecond).size).toBe(sameMillisecond.length);
});
