import Redis from 'ioredis';
import { z } from 'zod';
import { LocalListeners, type RealtimeHub, type RealtimeMessage } from './hub.ts';

const CHANNEL = 'edu:realtime';
const EnvelopeSchema = z.object({
  userId: z.string(),
  message: z.object({ type: z.enum(['notification', 'progress']), data: z.record(z.string(), z.unknown()) }),
});

/**
 * Fan-out across self-hosted instances: every publish goes through one Redis channel and each
 * instance delivers to the sockets it holds. One channel (rather than one per user) keeps the
 * subscriber's state constant however many users connect; instances drop what they do not hold.
 */
export async function createRedisHub(url: string): Promise<RealtimeHub> {
  const options = { lazyConnect: true, connectTimeout: 2_000, maxRetriesPerRequest: 1 };
  const publisher = new Redis(url, options);
  // A subscriber connection can only subscribe, so publishing needs a second one.
  const subscriber = new Redis(url, options);
  publisher.on('error', () => {});
  subscriber.on('error', () => {});
  await Promise.all([publisher.connect(), subscriber.connect()]);
  const listeners = new LocalListeners();
  subscriber.on('message', (channel: string, raw: string) => {
    if (channel !== CHANNEL) return;
    try {
      const parsed = EnvelopeSchema.safeParse(JSON.parse(raw));
      if (parsed.success) listeners.deliver(parsed.data.userId, parsed.data.message as RealtimeMessage);
    } catch {
      // Not ours (or not JSON): nothing to deliver.
    }
  });
  await subscriber.subscribe(CHANNEL);
  return {
    kind: 'redis',
    publish: async (userId, message) => {
      await publisher.publish(CHANNEL, JSON.stringify({ userId, message }));
    },
    subscribe: (userId, listener) => listeners.add(userId, listener),
    close: async () => {
      listeners.clear();
      subscriber.disconnect();
      publisher.disconnect();
    },
  };
}
