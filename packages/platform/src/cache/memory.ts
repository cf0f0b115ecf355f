import type { Cache } from './index.ts';

interface Entry {
  value: string;
  expiresAt: number;
}

/**
 * An in-process cache for the embedded topology. Bounded: past `maxEntries` the oldest
 * entry goes first (Map keeps insertion order), so a flood of keys cannot exhaust memory.
 */
export function createMemoryCache(options: { maxEntries?: number; now?: () => number } = {}): Cache {
  const maxEntries = options.maxEntries ?? 50_000;
  const now = options.now ?? Date.now;
  const entries = new Map<string, Entry>();

  const live = (key: string): Entry | undefined => {
    const entry = entries.get(key);
    if (entry && entry.expiresAt <= now()) {
      entries.delete(key);
      return undefined;
    }
    return entry;
  };
  const store = (key: string, entry: Entry) => {
    entries.delete(key);
    entries.set(key, entry);
    if (entries.size > maxEntries) {
      const oldest = entries.keys().next().value;
      if (oldest !== undefined) entries.delete(oldest);
    }
  };

  return {
    kind: 'memory',
    get: async (key) => live(key)?.value ?? null,
    set: async (key, value, ttlSeconds) => store(key, { value, expiresAt: now() + ttlSeconds * 1000 }),
    delete: async (...keys) => {
      for (const key of keys) entries.delete(key);
    },
    increment: async (key, ttlSeconds) => {
      const entry = live(key);
      const next = (entry ? Number(entry.value) : 0) + 1;
      store(key, { value: String(next), expiresAt: entry?.expiresAt ?? now() + ttlSeconds * 1000 });
      return next;
    },
    ttl: async (key) => {
      const entry = live(key);
      return entry ? Math.max(0, Math.ceil((entry.expiresAt - now()) / 1000)) : null;
    },
    ping: async () => true,
    close: async () => entries.clear(),
  };
}
