import type { Database } from '@edu/platform/db';
import type { Logger } from '@edu/platform/logger';
import { deliverPending } from './deliveries.ts';
import { createNotificationsRuntime, type NotificationsRuntime } from './runtime.ts';
import { startWebhookDispatcher } from './webhooks/worker.ts';

/**
 * Runs `deliverPending` every `intervalMs` until stopped: the loop a long-running runner
 * (embedded, self-hosted) keeps for email and push. Rounds never overlap. Partner webhooks get
 * their own loop beside it (started and stopped with it), so a slow receiver never holds up mail.
 */
export function startDeliveryWorker(options: {
  db: Database;
  logger: Logger;
  runtime?: NotificationsRuntime;
  intervalMs?: number;
}): { stop(): Promise<void> } {
  const runtime = options.runtime ?? createNotificationsRuntime({ db: options.db });
  const log = options.logger.child({ worker: 'notification-deliveries' });
  let running: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    running = running.then(() =>
      deliverPending(options.db, runtime, { log }).catch((error: unknown) => {
        log.error('delivery round failed', { error: String(error) });
      }),
    );
  }, options.intervalMs ?? 1_000);
  const webhooks = startWebhookDispatcher({
    db: options.db,
    logger: options.logger,
    runtime,
    ...(options.intervalMs ? { intervalMs: options.intervalMs } : {}),
  });
  return {
    stop: async () => {
      clearInterval(timer);
      await Promise.all([running, webhooks.stop()]);
      await runtime.mail.close?.();
    },
  };
}
