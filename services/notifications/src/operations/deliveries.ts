import type { Database } from '@edu/platform/db';
import type { Logger } from '@edu/platform/logger';
import { and, asc, eq, lte } from 'drizzle-orm';
import { z } from 'zod';
import { sendWebPush } from '../adapters/push/web-push.ts';
import type { NotificationsRuntime } from '../adapters/runtime.ts';
import { deliveries, pushSubscriptions } from '../db/schema.ts';
import { afterFailure } from '../domain/retry.ts';

/** How many due deliveries one round sends at most; the rest wait for the next round. */
const ROUND_SIZE = 50;
/** While one worker sends a delivery, others leave it alone for this long. */
const LEASE_MS = 60_000;

const EmailContentSchema = z.object({ subject: z.string(), html: z.string(), text: z.string() });

type Delivery = typeof deliveries.$inferSelect;

interface DeliveryReport {
  sent: number;
  retried: number;
  failed: number;
  /** Not sendable any more (the push subscription expired); not an error. */
  dropped: number;
}

type AttemptOutcome =
  | { kind: 'sent' }
  | { kind: 'dropped'; reason: string }
  | { kind: 'error'; error: string };

/**
 * Sends every due email and push delivery once. A failure is retried later with backoff; the
 * last failure leaves the row `failed` with its error, the dead letter operators can see and
 * requeue. The runner calls this periodically; several instances may call it at once.
 */
export async function deliverPending(
  db: Database,
  runtime: NotificationsRuntime,
  options: { now?: Date; log?: Logger; channel?: Delivery['channel'] } = {},
): Promise<DeliveryReport> {
  const now = options.now ?? new Date();
  const due = await db
    .select()
    .from(deliveries)
    .where(
      and(
        eq(deliveries.status, 'pending'),
        lte(deliveries.nextAttemptAt, now),
        options.channel ? eq(deliveries.channel, options.channel) : undefined,
      ),
    )
    .orderBy(asc(deliveries.nextAttemptAt))
    .limit(ROUND_SIZE);
  const report: DeliveryReport = { sent: 0, retried: 0, failed: 0, dropped: 0 };
  for (const delivery of due) {
    if (!(await claim(db, delivery, now))) continue;
    const outcome = await attempt(db, runtime, delivery);
    const attempts = delivery.attempts + 1;
    if (outcome.kind !== 'error') {
      const sent = outcome.kind === 'sent';
      await db
        .update(deliveries)
        .set({
          status: outcome.kind,
          attempts,
          sentAt: sent ? new Date() : null,
          lastError: sent ? null : outcome.reason,
        })
        .where(eq(deliveries.id, delivery.id));
      if (sent) report.sent++;
      else report.dropped++;
      continue;
    }
    const { error } = outcome;
    const next = afterFailure(attempts, now);
    await db
      .update(deliveries)
      .set({
        status: next.status,
        attempts,
        nextAttemptAt: next.nextAttemptAt,
        lastError: error.slice(0, 500),
      })
      .where(eq(deliveries.id, delivery.id));
    if (next.status === 'failed') {
      report.failed++;
      options.log?.error('delivery failed for good', {
        deliveryId: delivery.id,
        channel: delivery.channel,
        error,
      });
    } else {
      report.retried++;
      options.log?.warn('delivery failed, will retry', { deliveryId: delivery.id, attempts, error });
    }
  }
  return report;
}

/** Takes the row for LEASE_MS unless another worker already did: a claimed row is no longer due. */
async function claim(db: Database, delivery: Delivery, now: Date): Promise<boolean> {
  const claimed = await db
    .update(deliveries)
    .set({ nextAttemptAt: new Date(now.getTime() + LEASE_MS) })
    .where(
      and(
        eq(deliveries.id, delivery.id),
        eq(deliveries.status, 'pending'),
        lte(deliveries.nextAttemptAt, now),
      ),
    )
    .returning({ id: deliveries.id });
  return claimed.length > 0;
}

/** One try, and what came of it. */
async function attempt(
  db: Database,
  runtime: NotificationsRuntime,
  delivery: Delivery,
): Promise<AttemptOutcome> {
  if (delivery.channel === 'email') {
    const content = EmailContentSchema.parse(delivery.content);
    try {
      await runtime.mail.send({
        from: runtime.settings.MAIL_FROM,
        to: delivery.recipient,
        ...content,
        idempotencyKey: delivery.id,
      });
      return { kind: 'sent' };
    } catch (error) {
      return { kind: 'error', error: error instanceof Error ? error.message : String(error) };
    }
  }
  const [subscription] = await db
    .select()
    .from(pushSubscriptions)
    .where(eq(pushSubscriptions.endpoint, delivery.recipient))
    .limit(1);
  if (!subscription) return { kind: 'dropped', reason: 'the push subscription was removed' };
  let outcome: Awaited<ReturnType<typeof sendWebPush>>;
  try {
    outcome = await sendWebPush(subscription, delivery.content, await runtime.vapidKeys(), runtime.fetch);
  } catch (error) {
    // Keys the encryption rejects (e.g. a point off the curve) fail this delivery, not the whole round.
    return { kind: 'error', error: error instanceof Error ? error.message : String(error) };
  }
  if (outcome.kind === 'expired') {
    await db.delete(pushSubscriptions).where(eq(pushSubscriptions.endpoint, subscription.endpoint));
    return { kind: 'dropped', reason: `the push service answered ${outcome.status}; subscription removed` };
  }
  return outcome.kind === 'failed' ? { kind: 'error', error: outcome.error } : { kind: 'sent' };
}
