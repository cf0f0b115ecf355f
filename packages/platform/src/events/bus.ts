import type { EventEnvelope, Topic } from '@edu/contracts';

/** One event on its way through the bus; `key` is the aggregate id that orders it. */
export interface BusMessage {
  topic: Topic;
  key: string;
  envelope: EventEnvelope;
}

/**
 * Handles delivered messages: consecutive ones of one partition, in order. Resolving means
 * "all done, move on" (the transport then commits the offset); rejecting means the
 * transport must deliver them again later.
 */
export type MessageHandler = (messages: BusMessage[]) => Promise<void>;

export interface Subscription {
  /** Stops fetching, lets the message in hand finish, and leaves the group cleanly. */
  stop(): Promise<void>;
}

/** How far one consumer group is behind in one partition. */
export interface PartitionLag {
  group: string;
  topic: string;
  partition: number;
  /** The offset the group has handled up to. */
  position: number;
  /** The newest offset published. */
  end: number;
  lag: number;
}

/**
 * The event bus port: the Postgres log (embedded, single server, Neon) or Apache Kafka
 * (self-hosted scale). Both keep per-key order, deliver at least once, and let one
 * consumer group share the work without handling a message twice in a row.
 */
export interface EventBus {
  readonly kind: 'postgres-log' | 'kafka';
  /** Durably publishes the messages (all or a failure); duplicates of an event id are harmless. */
  publish(messages: BusMessage[]): Promise<void>;
  /** Starts consuming `topics` as `group`; one subscription is one member of the group. */
  subscribe(options: { group: string; topics: Topic[]; handle: MessageHandler }): Promise<Subscription>;
  /** The lag of every consumer group the bus knows. */
  lag(): Promise<PartitionLag[]>;
  close(): Promise<void>;
}

/**
 * The partition of `key` among `count`: FNV-1a, stable across processes and restarts,
 * so one aggregate's events always share a partition and keep their order.
 */
export function partitionOf(key: string, count: number): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < key.length; index++) {
    hash ^= key.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % count;
}

/** Resolves after `ms`, or at once when `signal` aborts (so stopping never waits a full pause). */
export function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

/**
 * A wake-up call between a producer and sleepers in one process: `wait` resolves on the next
 * `notify` or after `ms`, whichever comes first. A notify with nobody waiting is remembered,
 * so a wake-up that lands between two waits is not lost.
 */
export function createWakeup() {
  let pending = false;
  let waiters: Array<() => void> = [];
  return {
    notify() {
      pending = true;
      const current = waiters;
      waiters = [];
      for (const wake of current) wake();
    },
    async wait(ms: number, signal?: AbortSignal): Promise<void> {
      if (pending) {
        pending = false;
        return;
      }
      await new Promise<void>((resolve) => {
        const wake = () => {
          clearTimeout(timer);
          signal?.removeEventListener('abort', wake);
          resolve();
        };
        const timer = setTimeout(() => {
          waiters = waiters.filter((waiter) => waiter !== wake);
          wake();
        }, ms);
        if (signal?.aborted) return wake();
        signal?.addEventListener('abort', wake, { once: true });
        waiters.push(wake);
      });
      pending = false;
    },
  };
}
export type Wakeup = ReturnType<typeof createWakeup>;
