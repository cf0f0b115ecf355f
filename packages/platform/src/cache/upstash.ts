import { Redis } from '@upstash/redis';
import type { Cache } from './index.ts';

/** Upstash Redis over HTTPS (edge): the same commands as Redis, one fetch each. */
export function createUpstashCache(options: { url: string; token: string }): Cache {
  // Values are our own strings; turn off Upstash's automatic JSON decoding so they round-trip.
  const client = new Redis({ url: options.url, token: options.token, automaticDeserialization: false });
  return {
    kind: 'upstash',
    get: (key) => client.get<string>(key),
    set: async (key, value, ttlSeconds) => {
      await client.set(key, value, { ex: ttlSeconds });
    },
    delete: async (...keys) => {
      if (keys.length > 0) await client.del(...keys);
    },
    increment: async (key, ttlSeconds) => {
      const [count] = await client
        .pipeline()
        .incr(key)
        .expire(key, ttlSeconds, 'NX')
        .exec<[number, number]>();
      return count;
    },
    ttl: async (key) => {
      const seconds = await client.ttl(key);
      return seconds >= 0 ? seconds : null;
    },
    ping: async () => {
      try {
        return (await client.ping()) === 'PONG';
      } catch {
        return false;
      }
    },
    close: async () => {},
  };
}
