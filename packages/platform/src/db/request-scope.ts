import { AsyncLocalStorage } from 'node:async_hooks';
import type { Database } from './index.ts';

/**
 * A database that is a different connection pool in each request, for runtimes that forbid
 * sharing I/O objects between requests (Cloudflare Workers). The app is built once with `db`;
 * each request runs inside `run(pool, …)`, and every query `db` makes goes to that pool.
 */
export function requestScopedDatabase(missing: string): {
  db: Database;
  run<Result>(current: Database, work: () => Result): Result;
} {
  const scope = new AsyncLocalStorage<Database>();
  const db = new Proxy({} as Database, {
    get(_target, property) {
      const current = scope.getStore();
      if (!current) throw new Error(missing);
      const value: unknown = Reflect.get(current, property, current);
      return typeof value === 'function' ? value.bind(current) : value;
    },
  });
  return { db, run: (current, work) => scope.run(current, work) };
}
