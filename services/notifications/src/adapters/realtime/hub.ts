import type { NotificationDto } from '../../domain/notification.ts';

/** What a connected client receives (docs/API.md, Realtime). */
export type RealtimeMessage =
  | { type: 'notification'; data: NotificationDto }
  | { type: 'progress'; data: Record<string, unknown> };

type RealtimeListener = (message: RealtimeMessage) => void;

/**
 * The realtime port: `publish` reaches every open connection of a user, wherever it is;
 * `subscribe` is how this instance's sockets listen. Adapters: in-process (embedded),
 * Redis pub/sub (several self-hosted instances), a Durable Object per user (edge).
 */
export interface RealtimeHub {
  readonly kind: 'in-process' | 'redis' | 'durable-object';
  publish(userId: string, message: RealtimeMessage): Promise<void>;
  /** Listens for `userId` on this instance; returns the function that stops listening. */
  subscribe(userId: string, listener: RealtimeListener): () => void;
  close(): Promise<void>;
}

/** The local fan-out every adapter ends in: listeners per user on this instance. */
export class LocalListeners {
  private readonly byUser = new Map<string, Set<RealtimeListener>>();

  add(userId: string, listener: RealtimeListener): () => void {
    let listeners = this.byUser.get(userId);
    if (!listeners) {
      listeners = new Set();
      this.byUser.set(userId, listeners);
    }
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
      if (listeners.size === 0) this.byUser.delete(userId);
    };
  }

  deliver(userId: string, message: RealtimeMessage): void {
    for (const listener of this.byUser.get(userId) ?? []) {
      try {
        listener(message);
      } catch {
        // One broken socket must not keep the message from the user's other connections.
      }
    }
  }

  clear(): void {
    this.byUser.clear();
  }
}

/**
 * One process, one hub (the embedded topology, single-instance self-hosting): the runtime of a
 * runner's deps holds it, shared by that runner's app, consumers and socket endpoint.
 */
export function createInProcessHub(): RealtimeHub {
  const listeners = new LocalListeners();
  return {
    kind: 'in-process',
    publish: async (userId, message) => listeners.deliver(userId, message),
    subscribe: (userId, listener) => listeners.add(userId, listener),
    close: async () => listeners.clear(),
  };
}
