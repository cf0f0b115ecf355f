import type { Database } from '@edu/platform/db';
import type { Logger } from '@edu/platform/logger';
import type { NotificationsRuntime } from '../runtime.ts';
import { dispatchWebhooks } from './dispatcher.ts';

/**
 * Runs `dispatchWebhooks` every `intervalMs` until stopped. Rounds never overlap; stopping
 * aborts requests in flight (they are retried later, like any failed attempt).
 */
export function startWebhookDispatcher(options: {
  db: Database;
  logger: Logger;
  runtime: NotificationsRuntime;
  intervalMs?: number;
}): { stop(): Promise<void> } {
  const log = options.logger.child({ worker: 'partner-webhooks' });
  const stopping = new AbortController();
  let running: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    running = running.then(() =>
      stopping.signal.aborted
        ? undefined
        : dispatchWebhooks(options.db, options.runtime, { log, signal: stopping.signal }).catch(
            (error: unknown) => {
              log.error('webhook round failed', { error: String(error) });
            },
          ),
    );
  }, options.intervalMs ?? 1_000);
  return {
    stop: async () => {
      clearInterval(timer);
      stopping.abort();
      await running;
    },
  };
}
