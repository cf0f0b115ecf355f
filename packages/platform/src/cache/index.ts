/**
 * The cache port: strings with a time to live, and counters for rate limits.
 * Adapters: memory (embedded), Redis over TCP (self-hosted), Upstash over HTTP (edge).
 */
export interface Cache {
  readonly kind: 'memory' | 'redis' | 'upstash';
  get(key: string): Promise<string | null>;
  set(key: string, value: string, ttlSeconds: number): Promise<void>;
  delete(...keys: string[]): Promise<void>;
  /** Adds 1 to a counter and returns the new value; the first increment starts its time to live. */
  increment(key: string, ttlSeconds: number): Promise<number>;
  /** Seconds until `key` expires, or null if it does not exist or never expires. */
  ttl(key: string): Promise<number | null>;
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

export { createMemoryCache } from './memory.ts';
