import { newId } from '@edu/contracts';
import type { Logger } from '@edu/platform';
import type { Cache } from '@edu/platform/cache';

/** How long a cached read may live; short, so even a lost invalidation heals quickly. */
const ENTRY_TTL_SECONDS = 60;
/** The version outlives every entry, so an expired version can never resurrect old entries. */
const VERSION_TTL_SECONDS = 7 * 24 * 3600;
const VERSION_KEY = 'courses:version';
/** A cache that does not answer within this time counts as down; the database answers instead. */
const CACHE_TIMEOUT_MS = 250;

export interface ReadCache {
  /** The cached value of `key`, or what `load` returns (then cached); never fails because of the cache. */
  read<T>(key: string, load: () => Promise<T>): Promise<T>;
  /** Makes every cached read stale at once; call after each committed change. */
  invalidate(): Promise<void>;
}

function withTimeout<T>(promise: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`cache did not answer in ${CACHE_TIMEOUT_MS} ms`)),
      CACHE_TIMEOUT_MS,
    );
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Cached reads of catalog pages and courses, keyed under one version: any change bumps the
 * version, so every page and course read before it is unreachable at once (no key scans).
 * A reader that loaded old rows just before a change stores them under the old version,
 * which nobody asks for again, so it cannot bring back stale data.
 */
export function createReadCache(cache: Cache, logger: Logger): ReadCache {
  const log = logger.child({ component: 'courses-cache' });

  async function currentVersion(): Promise<string> {
    const version = await withTimeout(cache.get(VERSION_KEY));
    if (version !== null) return version;
    const fresh = newId();
    await withTimeout(cache.set(VERSION_KEY, fresh, VERSION_TTL_SECONDS));
    return fresh;
  }

  return {
    async read<T>(key: string, load: () => Promise<T>): Promise<T> {
      let fullKey: string | null = null;
      try {
        fullKey = `courses:${await currentVersion()}:${key}`;
        const hit = await withTimeout(cache.get(fullKey));
        if (hit !== null) return JSON.parse(hit) as T;
      } catch (error) {
        log.warn('cache read failed; reading from the database', { error, key });
        return load();
      }
      const value = await load();
      try {
        await withTimeout(cache.set(fullKey, JSON.stringify(value), ENTRY_TTL_SECONDS));
      } catch (error) {
        log.warn('cache write failed', { error, key });
      }
      return value;
    },
    async invalidate() {
      try {
        await withTimeout(cache.set(VERSION_KEY, newId(), VERSION_TTL_SECONDS));
      } catch (error) {
        // Entries expire within ENTRY_TTL_SECONDS, which bounds how long this can serve old data.
        log.warn('cache invalidation failed', { error });
      }
    },
  };
}
