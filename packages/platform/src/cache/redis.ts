import Redis from 'ioredis';
import type { Cache } from './index.ts';

/**
 * Redis over TCP (self-hosted). Resolves once connected (a server that is not there at start
 * is a configuration error). Afterwards commands fail fast while the server is away (no
 * offline queue, one retry) so callers can fall back to the database instead of hanging,
 * and the client keeps reconnecting in the background.
 */
export async function createRedisCache(url: string): Promise<Cache & { client: Redis }> {
  const client = new Redis(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2_000,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
  });
  // Connection errors are reported through failed commands; without a listener ioredis would log each retry.
  client.on('error', () => {});
  try {
    await client.connect();
  } catch (error) {
    client.disconnect();
    throw new Error(
      `Redis at ${new URL(url).host} is not reachable: ${error instanceof Error ? error.message : error}`,
    );
  }
  return {
    kind: 'redis',
    client,
    get: (key) => client.get(key),
    set: async (key, value, ttlSeconds) => {
      await client.set(key, value, 'EX', ttlSeconds);
    },
    delete: async (...keys) => {
      if (keys.length > 0) await client.del(...keys);
    },
    increment: async (key, ttlSeconds) => {
      const [[, count]] = (await client.multi().incr(key).expire(key, ttlSeconds, 'NX').exec()) as [
        [null, number],
      ];
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
    close: async () => {
      client.disconnect();
    },
  };
}
