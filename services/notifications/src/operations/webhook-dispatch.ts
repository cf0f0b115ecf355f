import type { Database } from '@edu/platform/db';
import type { Logger } from '@edu/platform/logger';
import { and, asc, eq, inArray, lte } from 'drizzle-orm';
import type { NotificationsRuntime } from '../adapters/runtime.ts';
import { checkWebhookTarget } from '../adapters/webhooks/target-guard.ts';
import { webhookDeliveries, webhookSubscriptions } from '../db/schema.ts';
import { nextWebhookAttempt } from '../domain/webhook-retry.ts';
import { signWebhook, WEBHOOK_HEADERS } from '../domain/webhook-signature.ts';

/** A receiver gets this long to answer (headers and body). */
const WEBHOOK_TIMEOUT_MS = 10_000;
/** How much of a receiver's answer the delivery log keeps. */
const WEBHOOK_RESPONSE_LOG_BYTES = 1024;
/** While one dispatcher sends a delivery, others leave it alone this long (well above the timeout). */
const LEASE_MS = 60_000;

type Delivery = typeof webhookDeliveries.$inferSelect;
type Subscription = typeof webhookSubscriptions.$inferSelect;

interface WebhookDispatchReport {
  succeeded: number;
  retried: number;
  failed: number;
}

interface AttemptOutcome {
  ok: boolean;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
  responseBody: string | null;
}

/**
 * Sends every due webhook delivery once. Several dispatchers may run at once: each claims its
 * rows with `FOR UPDATE SKIP LOCKED` and pushes them a lease ahead, so a row goes to one of them.
 * A 2xx answer is success; anything else (an error status, a redirect, a timeout, a target the
 * SSRF guard refuses now) is recorded and retried on the 24-hour schedule, then `failed`.
 * `now` is the scheduling clock (tests move it); signatures always carry the real time.
 */
export async function dispatchWebhooks(
  db: Database,
  runtime: NotificationsRuntime,
  options: {
    now?: Date;
    limit?: number;
    log?: Logger;
    ids?: string[];
    signal?: AbortSignal;
    /** WEBHOOK_TIMEOUT_MS unless a test needs a shorter wait. */
    timeoutMs?: number;
  } = {},
): Promise<WebhookDispatchReport> {
  const now = options.now ?? new Date();
  const claimed = await claimDue(db, now, options.limit ?? 20, options.ids);
  const report: WebhookDispatchReport = { succeeded: 0, retried: 0, failed: 0 };
  if (claimed.length === 0) return report;
  const subscriptions = await db
    .select()
    .from(webhookSubscriptions)
    .where(
      inArray(
        webhookSubscriptions.id,
        claimed.map((delivery) => delivery.subscriptionId),
      ),
    );
  const byId = new Map(subscriptions.map((subscription) => [subscription.id, subscription]));
  await Promise.all(
    claimed.map(async (delivery) => {
      const outcome = await attempt(runtime, delivery, byId.get(delivery.subscriptionId), {
        stop: options.signal,
        timeoutMs: options.timeoutMs ?? WEBHOOK_TIMEOUT_MS,
      });
      const result = await record(db, delivery, outcome, now);
      report[result]++;
      if (result !== 'succeeded') {
        options.log?.[result === 'failed' ? 'error' : 'warn']('webhook delivery failed', {
          deliveryId: delivery.id,
          subscriptionId: delivery.subscriptionId,
          statusCode: outcome.statusCode,
          error: outcome.error,
          final: result === 'failed',
        });
      }
    }),
  );
  return report;
}

/** Takes up to `limit` due rows for LEASE_MS in one statement; rows another dispatcher holds are skipped. */
async function claimDue(
  db: Database,
  now: Date,
  limit: number,
  ids: string[] | undefined,
): Promise<Delivery[]> {
  const due = db
    .select({ id: webhookDeliveries.id })
    .from(webhookDeliveries)
    .where(
      and(
        eq(webhookDeliveries.status, 'pending'),
        lte(webhookDeliveries.nextAttemptAt, now),
        ids ? inArray(webhookDeliveries.id, ids) : undefined,
      ),
    )
    .orderBy(asc(webhookDeliveries.nextAttemptAt))
    .limit(limit)
    .for('update', { skipLocked: true });
  return db
    .update(webhookDeliveries)
    .set({ nextAttemptAt: new Date(now.getTime() + LEASE_MS) })
    .where(inArray(webhookDeliveries.id, due))
    .returning();
}

const failure = (error: string, extra: Partial<AttemptOutcome> = {}): AttemptOutcome => ({
  ok: false,
  statusCode: null,
  error,
  durationMs: 0,
  responseBody: null,
  ...extra,
});

/** One POST of the stored body, signed now; nothing is sent to a target the guard refuses. */
async function attempt(
  runtime: NotificationsRuntime,
  delivery: Delivery,
  subscription: Subscription | undefined,
  { stop, timeoutMs }: { stop: AbortSignal | undefined; timeoutMs: number },
): Promise<AttemptOutcome> {
  if (!subscription?.active) return failure('The subscription is inactive; nothing was sent');
  const target = await checkWebhookTarget(subscription.url, {
    targets: runtime.settings.WEBHOOK_TARGETS,
    lookup: runtime.lookupHost,
  });
  if (!target.ok) return failure(`${target.reason}; nothing was sent`);
  const timestamp = Math.floor(Date.now() / 1000);
  const signature = await signWebhook(subscription.secret, timestamp, delivery.body);
  const timeout = AbortSignal.timeout(timeoutMs);
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  try {
    const response = await runtime.fetch(subscription.url, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        'User-Agent': 'Edu-Webhooks/1',
        [WEBHOOK_HEADERS.id]: delivery.eventId,
        [WEBHOOK_HEADERS.timestamp]: String(timestamp),
        [WEBHOOK_HEADERS.signature]: signature,
      },
      body: delivery.body,
      // A redirect could lead anywhere, past the guard: it counts as a failure.
      redirect: 'manual',
      signal: stop ? AbortSignal.any([timeout, stop]) : timeout,
    });
    const responseBody = await readAtMost(response, WEBHOOK_RESPONSE_LOG_BYTES);
    const answered = { statusCode: response.status, durationMs: elapsed(), responseBody };
    if (response.status >= 200 && response.status < 300) return { ok: true, error: null, ...answered };
    if (response.status >= 300 && response.status < 400) {
      return failure(`The receiver redirected (${response.status}); redirects are not followed`, answered);
    }
    return failure(`The receiver answered ${response.status}`, answered);
  } catch (error) {
    const message = timeout.aborted
      ? `No answer within ${timeoutMs / 1000} s`
      : stop?.aborted
        ? 'Interrupted by shutdown'
        : `Request failed: ${error instanceof Error ? error.message : String(error)}`;
    return failure(message, { durationMs: elapsed() });
  }
}

/** The first `limit` bytes of the answer as text; the rest is not read. */
async function readAtMost(response: Response, limit: number): Promise<string | null> {
  if (!response.body) return null;
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < limit) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  const bytes = Buffer.concat(chunks).subarray(0, limit);
  // PostgreSQL text cannot hold NUL.
  return new TextDecoder().decode(bytes).replaceAll('\u0000', '');
}

/** Stores the attempt's outcome and what comes next. */
async function record(
  db: Database,
  delivery: Delivery,
  outcome: AttemptOutcome,
  now: Date,
): Promise<keyof WebhookDispatchReport> {
  const attempts = delivery.attempts + 1;
  const next = outcome.ok ? null : nextWebhookAttempt({ attempts, now, retryUntil: delivery.retryUntil });
  const status = outcome.ok ? 'succeeded' : (next?.status ?? 'failed');
  await db
    .update(webhookDeliveries)
    .set({
      status,
      attempts,
      nextAttemptAt: next?.status === 'pending' ? next.nextAttemptAt : now,
      lastAttemptAt: now,
      lastStatusCode: outcome.statusCode,
      lastError: outcome.error?.slice(0, 500) ?? null,
      lastDurationMs: outcome.durationMs,
      lastResponseBody: outcome.responseBody,
      ...(outcome.ok ? { deliveredAt: now } : {}),
    })
    .where(eq(webhookDeliveries.id, delivery.id));
  return status === 'succeeded' ? 'succeeded' : status === 'failed' ? 'failed' : 'retried';
}
