import { type EventEnvelope, EventEnvelopeSchema, type Topic } from '@edu/contracts';
import type { Database } from '../db/index.ts';
import type { Logger } from '../logger.ts';
import { type BusMessage, type EventBus, pause } from './bus.ts';
import { handleEventOnce, handleEventsOnce, type ServiceConsumer } from './consumer.ts';
import { claimReplays, markReplayed, recordDeadLetter } from './dead-letters.ts';

export interface RetryPolicy {
  /** How many times a handler is tried before its event goes to the dead letters. */
  attempts: number;
  /** The pause after the first failure; it doubles after each further one. */
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, baseDelayMs: 100, maxDelayMs: 5_000 };

export interface ConsumerOptions {
  bus: EventBus;
  /** The service's database: its inbox, its effects, and the `eventbus` schema for dead letters. */
  db: Database;
  consumer: ServiceConsumer;
  logger: Logger;
  retry?: RetryPolicy;
  /** How often the consumer looks for dead letters an operator asked to replay. */
  replayPollMs?: number;
  /** Called after each delivered batch: handlers may have written follow-up events to the outbox. */
  afterDelivery?: () => void;
}

export interface RunningConsumer {
  stop(): Promise<void>;
}

/**
 * Runs a service's consumer on the bus: every event is handled once in effect
 * (`handleEventOnce`), retried with exponential backoff when its handler throws, and recorded
 * as a dead letter after `retry.attempts` tries, so one poison event never blocks its topic.
 * Dead letters an operator queued for replay (scripts/dead-letters.ts) are handled here too.
 *
 * @example
 * const running = await startConsumer({ bus, db, consumer: entitlementsConsumer, logger });
 * await running.stop();
 */
export async function startConsumer(options: ConsumerOptions): Promise<RunningConsumer> {
  const { bus, db, consumer } = options;
  const retry = options.retry ?? DEFAULT_RETRY;
  const logger = options.logger.child({ consumerGroup: consumer.group });
  const stopping = new AbortController();

  const deliverOne = async (message: BusMessage, event: EventEnvelope) => {
    const result = await handleWithRetries(event, retry, stopping.signal);
    if (!result.ok) await giveUp(message, result.error, result.attempts);
  };

  const deliver = async (messages: BusMessage[]) => {
    const valid: Array<{ message: BusMessage; event: EventEnvelope }> = [];
    for (const message of messages) {
      const parsed = EventEnvelopeSchema.safeParse(message.envelope);
      if (parsed.success) valid.push({ message, event: parsed.data });
      else await giveUp(message, `invalid envelope: ${parsed.error.message}`, 1);
    }
    if (valid.length > 1) {
      // The fast path: the whole batch in one transaction. If any handler fails, nothing of
      // it committed, and each event is retried alone so only the failing one is held back.
      try {
        await handleEventsOnce(
          db,
          consumer,
          valid.map((item) => item.event),
          logger,
        );
        for (const { event } of valid) {
          logger.debug('event handled', { correlationId: event.metadata.correlationId, eventId: event.id });
        }
        return;
      } catch (error) {
        logger.debug('batch failed, handling its events one by one', { error });
      }
    }
    for (const { message, event } of valid) await deliverOne(message, event);
  };

  const handleWithRetries = async (
    event: EventEnvelope,
    policy: RetryPolicy,
    signal: AbortSignal,
  ): Promise<{ ok: true } | { ok: false; error: string; attempts: number }> => {
    const eventLog = logger.child({
      correlationId: event.metadata.correlationId,
      eventId: event.id,
      eventType: event.type,
    });
    let lastError = '';
    for (let attempt = 1; attempt <= policy.attempts; attempt++) {
      try {
        const handled = await handleEventOnce(db, consumer, event, logger);
        eventLog.debug(handled ? 'event handled' : 'event skipped (duplicate or not handled here)', {
          attempt,
        });
        return { ok: true };
      } catch (error) {
        lastError = error instanceof Error ? error.message : String(error);
        eventLog.warn('event handler failed', { attempt, of: policy.attempts, error });
        if (attempt < policy.attempts) {
          await pause(Math.min(policy.baseDelayMs * 2 ** (attempt - 1), policy.maxDelayMs), signal);
          // Stopping mid-retry: leave the event unacknowledged so the next run delivers it again.
          if (signal.aborted) throw new Error('consumer stopped while retrying');
        }
      }
    }
    return { ok: false, error: lastError, attempts: policy.attempts };
  };

  const giveUp = async (message: BusMessage, error: string, attempts: number) => {
    await recordDeadLetter(db, { group: consumer.group, message, error, attempts });
    logger.error('event moved to dead letters', {
      correlationId: message.envelope.metadata?.correlationId,
      eventId: message.envelope.id,
      topic: message.topic,
      attempts,
      error,
    });
  };

  const replayLoop = async () => {
    while (!stopping.signal.aborted) {
      try {
        for (const letter of await claimReplays(db, consumer.group)) {
          const message: BusMessage = {
            topic: letter.topic as Topic,
            key: letter.key,
            envelope: letter.envelope as EventEnvelope,
          };
          const parsed = EventEnvelopeSchema.safeParse(letter.envelope);
          const result = parsed.success
            ? await handleWithRetries(parsed.data, { ...retry, attempts: 1 }, stopping.signal)
            : { ok: false as const, error: 'invalid envelope', attempts: 1 };
          if (result.ok) {
            await markReplayed(db, letter.id);
            logger.info('dead letter replayed', {
              correlationId: message.envelope.metadata?.correlationId,
              eventId: letter.eventId,
            });
          } else {
            await giveUp(message, result.error, result.attempts);
          }
        }
      } catch (error) {
        logger.warn('dead letter replay failed, retrying', { error });
      }
      await pause(options.replayPollMs ?? 1_000, stopping.signal);
    }
  };

  const subscription = await bus.subscribe({
    group: consumer.group,
    topics: consumer.topics,
    handle: async (messages: BusMessage[]) => {
      await deliver(messages);
      options.afterDelivery?.();
    },
  });
  const replaying = replayLoop();
  logger.info('consumer started', { topics: consumer.topics, transport: bus.kind });
  return {
    stop: async () => {
      stopping.abort();
      await subscription.stop();
      await replaying;
      logger.info('consumer stopped');
    },
  };
}
