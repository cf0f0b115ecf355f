/**
 * Catalog search latency on PostgreSQL (run by hand, not part of npm test):
 *   bash scripts/services up   # prints TEST_DATABASE_URL
 *   TEST_DATABASE_URL=postgres://edu:edu@127.0.0.1:55432/edu bun bench/courses-search.ts [courses] [queries]
 * Creates a fresh database, loads 10,000 published courses, and times GET /api/v1/courses?q=
 * through the courses app with caching turned off, so every request runs the SQL. Target: p95 < 50 ms.
 */
import { newId } from '@edu/contracts';
import { createApp } from '@edu/courses-service';
import { MIGRATIONS_FOLDER } from '@edu/courses-service/migrations';
import type { Cache } from '@edu/platform/cache';
import { openPostgres } from '@edu/platform/db/postgres';
import { silentLogger, TEST_IDENTITY_SECRET } from '@edu/platform/testing';
import pg from 'pg';

const serverUrl = process.env.TEST_DATABASE_URL;
if (!serverUrl) {
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

let seed = 42;
const random = () => {
  seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
  return seed / 2_147_483_648;
};
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
const phrase = (length: number, pool: readonly string[]) =>
  Array.from({ length }, () => pick(pool)).join(' ');

async function admin(sql: string) {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

const name = `bench_${crypto.randomUUID().replaceAll('-', '')}`;
await admin(`create database ${name}`);
const url = new URL(serverUrl);
url.pathname = `/${name}`;
const database = openPostgres(url.toString(), { maxConnections: 10 });

try {
  await database.migrate({ migrationsFolder: MIGRATIONS_FOLDER, service: 'courses' });
  const started = performance.now();
  for (let offset = 0; offset < courseCount; offset += 1_000) {
    const batch = Array.from({ length: Math.min(1_000, courseCount - offset) }, () => ({
      id: newId(),
      title: `${phrase(1, WORDS)} ${phrase(2, TOPICS)} ${phrase(2, WORDS)}`,
      description: `${phrase(25, [...WORDS, ...TOPICS, 'the', 'and', 'with', 'for', 'your'])}.`,
      priceCents: Math.floor(random() * 200) * 100,
      instructorId: `instructor-${Math.floor(random() * 200)}`,
    }));
    await database.pool.query(
      `insert into courses.courses (id, title, description, status, price_cents, currency, instructor_id, lesson_count, published_at)
       select id, title, description, 'published', price, 'EUR', instructor, 5, now()
       from unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::text[]) as t(id, title, description, price, instructor)`,
      [
        batch.map((row) => row.id),
        batch.map((row) => row.title),
        batch.map((row) => row.description),
        batch.map((row) => row.priceCents),
        batch.map((row) => row.instructorId),
      ],
    );
  }
  await database.pool.query('analyze courses.courses');
  console.log(`loaded ${courseCount} courses in ${Math.round(performance.now() - started)} ms`);

  const app = createApp({
    db: database.db,
    cache: noCache,
    logger: silentLogger,
    identitySecret: TEST_IDENTITY_SECRET,
  });
  const queries = Array.from({ length: queryCount }, (_, index) => {
    const kind = index % 5;
    if (kind === 0) return pick(TOPICS);
    if (kind === 1) return `${pick(TOPICS)} ${pick(TOPICS)}`;
    if (kind === 2) return `"${pick(WORDS)} ${pick(TOPICS)}"`;
    if (kind === 3) return `${pick(TOPICS)} -${pick(TOPICS)}`;
    return `${pick(WORDS)}`;
  });

  const timings: number[] = [];
  let secondPages = 0;
  for (const q of [...queries.slice(0, 50), ...queries]) {
    const begin = performance.now();
    const response = await app.request(`/api/v1/courses?q=${encodeURIComponent(q)}&limit=20`);
    const page = (await response.json()) as { nextCursor: string | null };
    if (response.status !== 200) throw new Error(`search for ${q} answered ${response.status}`);
    timings.push(performance.now() - begin);
    if (page.nextCursor && timings.length % 4 === 0) {
      const next = performance.now();
      const more = await app.request(
        `/api/v1/courses?q=${encodeURIComponent(q)}&limit=20&cursor=${page.nextCursor}`,
      );
      await more.arrayBuffer();
      timings.push(performance.now() - next);
      secondPages++;
    }
  }
  const measured = timings.slice(50).sort((a, b) => a - b);
  const at = (p: number) =>
    (measured[Math.min(measured.length - 1, Math.floor(p * measured.length))] ?? 0).toFixed(1);
  console.log(
    `search over ${courseCount} courses, ${measured.length} requests (${secondPages} next pages): ` +
      `p50 ${at(0.5)} ms, p95 ${at(0.95)} ms, p99 ${at(0.99)} ms, max ${at(1)} ms`,
  );
} finally {
  await database.close();
  await admin(`drop database if exists ${name} with (force)`);
}
