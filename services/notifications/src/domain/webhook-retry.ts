/** How long a webhook delivery keeps being retried after its event. */
export const WEBHOOK_RETRY_WINDOW_MS = 24 * 60 * 60 * 1000;

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** The pause after the 1st, 2nd, … failed attempt; after the last one the window's end is the final try. */
export const WEBHOOK_RETRY_DELAYS_MS = [1 * MINUTE, 5 * MINUTE, 30 * MINUTE, 2 * HOUR, 5 * HOUR, 10 * HOUR];

type WebhookRetryDecision = { status: 'pending'; nextAttemptAt: Date } | { status: 'failed' };

/**
 * What follows a failed webhook attempt: the next try after the attempt's delay (±10 % jitter, so
 * receivers that come back up are not hit by every retry at once), never later than
 * `retryUntil`; one last try at `retryUntil` itself; then `failed`.
 *
 * @example
 * nextWebhookAttempt({ attempts: 1, now, retryUntil }) // → pending, about a minute from now
 */
export function nextWebhookAttempt(options: {
  /** Attempts made so far, the failed one included. */
  attempts: number;
  now: Date;
  retryUntil: Date;
  random?: () => number;
}): WebhookRetryDecision {
  const { attempts, now, retryUntil } = options;
  const random = options.random ?? Math.random;
  if (now.getTime() >= retryUntil.getTime()) return { status: 'failed' };
  const delay = WEBHOOK_RETRY_DELAYS_MS[attempts - 1];
  if (delay === undefined) return { status: 'pending', nextAttemptAt: retryUntil };
  const jittered = Math.round(delay * (0.9 + random() * 0.2));
  const next = Math.min(now.getTime() + jittered, retryUntil.getTime());
  return { status: 'pending', nextAttemptAt: new Date(next) };
}
