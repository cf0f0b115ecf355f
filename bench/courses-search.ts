/**
 * Catalog search latency on PostgreSQL (run by hand, not part of npm test):
 *   bash scripts/services up   # prints TEST_DATABASE_URL
 *   TEST_DATABASE_URL=postgres://edu:edu@127.0.0.1:55432/edu bun bench/courses-search.ts [courses] [queries]
 * Creates a fresh database, loads 10,000 published courses, and times GET /api/v1/courses?q=
 * through the courses app with caching turned off, so every request runs the SQL. Target: p95 < 50 ms.
 */
import { newId } from '@edu/contracts';
import { coursesModule } from '@edu/courses-service';
import type { Cache } from '@edu/platform/cache';
import { startModuleUnderTest } from '@edu/platform/testing';
import { sql } from 'drizzle-orm';

if (!process.env.TEST_DATABASE_URL) {
  console.error('Set TEST_DATABASE_URL (bash scripts/services up prints it).');
  process.exit(1);
}
const courseCount = Number(process.argv[2] ?? 10_000);
const queryCount = Number(process.argv[3] ?? 2_000);

/** Measures the database path: every read misses. */
const noCache: Cache = {
  kind: 'memory',
  get: async () => null,
  set: async () => {},
  delete: async () => {},
  increment: async () => 1,
  ttl: async () => null,
  ping: async () => true,
  close: async () => {},
};

const TOPICS = (
  'typescript javascript rust golang python kubernetes docker postgres redis kafka react astro svelte ' +
  'graphql grpc security cryptography testing observability tracing networking linux compilers databases ' +
  'algorithms statistics machine learning design accessibility performance caching search serverless edge ' +
  'workers payments billing mobile android ios swift kotlin scala elixir haskell ocaml terraform ansible'
).split(' ');
const WORDS = (
  'build deploy scale debug design model secure test measure optimise refactor learn master ' +
  'practical modern complete advanced beginner production realtime distributed reliable fast simple hands-on ' +
  'projects patterns architecture fundamentals workshop guide course bootcamp systems services applications'
).split(' ');

// A fixed-seed generator, so runs are comparable.
let seed = 42;
const random = () => {
  seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
  return seed / 2_147_483_648;
};
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
const phrase = (length: number, pool: readonly string[]) =>
  Array.from({ length }, () => pick(pool)).join(' ');

// A fresh database on the TEST_DATABASE_URL server (dropped on close), migrated, with the app on it.
const subject = await startModuleUnderTest(coursesModule, { cache: noCache });

try {
  const started = performance.now();
  for (let offset = 0; offset < courseCount; offset += 1_000) {
    const batch = Array.from({ length: Math.min(1_000, courseCount - offset) }, () => ({
      id: newId(),
      title: `${phrase(1, WORDS)} ${phrase(2, TOPICS)} ${phrase(2, WORDS)}`,
      description: `${phrase(25, [...WORDS, ...TOPICS, 'the', 'and', 'with', 'for', 'your'])}.`,
      price_cents: Math.floor(random() * 200) * 100,
      instructor_id: `instructor-${Math.floor(random() * 200)}`,
    }));
    // One JSON parameter per batch; PostgreSQL expands it into rows.
    await subject.database.db.execute(sql`
      insert into courses.courses
        (id, title, description, status, price_cents, currency, instructor_id, lesson_count, published_at)
      select id, title, description, 'published', price_cents, 'EUR', instructor_id, 5, now()
      from json_to_recordset(${JSON.stringify(batch)}::json)
        as t(id text, title text, description text, price_cents int, instructor_id text)`);
  }
  await subject.database.db.execute(sql`analyze courses.courses`);
  console.log(`loaded ${courseCount} courses in ${Math.round(performance.now() - started)} ms`);

  const queries = Array.from({ length: queryCount }, (_, index) => {
    const kind = index % 5;
    if (kind === 0) return pick(TOPICS);
    if (kind === 1) return `${pick(TOPICS)} ${pick(TOPICS)}`;
    if (kind === 2) return `"${pick(WORDS)} ${pick(TOPICS)}"`;
    if (kind === 3) return `${pick(TOPICS)} -${pick(TOPICS)}`;
    return pick(WORDS);
  });

  const search = async (query: string) => {
    const begin = performance.now();
    const response = await subject.app.request(`/api/v1/courses?${query}`);
    const page = (await response.json()) as { nextCursor: string | null };
    if (response.status !== 200) throw new Error(`search ${query} answered ${response.status}`);
    return { ms: performance.now() - begin, nextCursor: page.nextCursor };
  };

  // Warm up connections and plans before measuring.
  for (const q of queries.slice(0, 50)) await search(`q=${encodeURIComponent(q)}`);

  // Plain words run as prefix queries, the rest through websearch_to_tsquery: timed apart too.
  const timings = { all: [] as number[], plain: [] as number[], operators: [] as number[] };
  let nextPages = 0;
  for (const [index, q] of queries.entries()) {
    const bucket = /^[\p{L}\p{N}\s]+$/u.test(q) ? timings.plain : timings.operators;
    const first = await search(`q=${encodeURIComponent(q)}&limit=20`);
    timings.all.push(first.ms);
    bucket.push(first.ms);
    // Every fourth search also fetches its next page, to time the (rank, id) cursor.
    if (first.nextCursor && index % 4 === 0) {
      const next = (await search(`q=${encodeURIComponent(q)}&limit=20&cursor=${first.nextCursor}`)).ms;
      timings.all.push(next);
      bucket.push(next);
      nextPages++;
    }
  }
  const summary = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    const at = (p: number) =>
      (sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0).toFixed(1);
    return `${sorted.length} requests: p50 ${at(0.5)} ms, p95 ${at(0.95)} ms, p99 ${at(0.99)} ms, max ${at(1)} ms`;
  };
  console.log(`search over ${courseCount} courses, uncached, ${nextPages} of them next pages`);
  console.log(`  all:                   ${summary(timings.all)}`);
  console.log(`  plain words (prefix):  ${summary(timings.plain)}`);
  console.log(`  operators (websearch): ${summary(timings.operators)}`);
} finally {
  await subject.close();
}
