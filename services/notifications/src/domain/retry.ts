/** How many times a delivery is tried before it is marked `failed` (the dead-letter state). */
export const MAX_DELIVERY_ATTEMPTS = 5;

/**
 * When to try again after `attempts` failed tries: exponential backoff from 30 s, capped at
 * one hour, with ±20 % jitter so a burst of failures does not retry in lockstep.
 */
export function nextAttemptDelayMs(attempts: number, random: () => number = Math.random): number {
  const base = Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 3_600_000);
  return Math.round(base * (0.8 + random() * 0.4));
}

/** The state a delivery moves to after a failed attempt. */
export function afterFailure(
  attempts: number,
  now: Date,
  random?: () => number,
): { status: 'pending' | 'failed'; nextAttemptAt: Date } {
  if (attempts >= MAX_DELIVERY_ATTEMPTS) return { status: 'failed', nextAttemptAt: now };
  return { status: 'pending', nextAttemptAt: new Date(now.getTime() + nextAttemptDelayMs(attempts, random)) };
}
