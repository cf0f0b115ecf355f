import { newId } from '@edu/contracts';

let lastMillis = 0;

/**
 * A UUIDv7 whose millisecond part never repeats in this process, so notifications created in
 * one burst still list in creation order (the feed sorts and pages by id). Under a burst the
 * timestamp runs a few milliseconds ahead of the clock, which nothing reads as a time.
 */
export function newFeedId(now: number = Date.now()): string {
  lastMillis = Math.max(now, lastMillis + 1);
  return newId(lastMillis);
}
