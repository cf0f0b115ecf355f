/**
 * `bun bench/progress.ts`: marking lessons complete through the progress service on
 * PostgreSQL. Starts the service in one process (bench/progress-server.ts) on a fresh
 * database, and loads it from another (autocannon, bench/progress-load.mjs).
 * Target: ≥ 1,000 req/s with p99 < 50 ms.
 * Settings: BENCH_DATABASE_URL or TEST_DATABASE_URL (a server URL; `bash scripts/services up`),
 * BENCH_DURATION (s, default 10), BENCH_CONNECTIONS (default 20), BENCH_USERS (default 1000),
 * BENCH_LESSONS (default 5): about one pass of first completions in 10 s, so the run includes
 * every learner's last lesson (course completion and a signed certificate); repeats after that
 * are the idempotent path.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { signIdentity } from '@edu/platform/http';
import pg from 'pg';

const root = new URL('..', import.meta.url).pathname;
const serverUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
if (!serverUrl)
  throw new Error('Set BENCH_DATABASE_URL or TEST_DATABASE_URL (bash scripts/services up prints one)');
const duration = Number(process.env.BENCH_DURATION ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 20);
const users = Number(process.env.BENCH_USERS ?? 1000);
const lessons = Number(process.env.BENCH_LESSONS ?? 5);
const port = 18790;
const secret = crypto.randomUUID() + crypto.randomUUID();
const say = (message: string) => console.error(`[bench:progress] ${message}`);

async function admin(statement: string) {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

async function waitFor(url: string, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await Bun.sleep(200);
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}

const name = `bench_progress_${Date.now()}`;
await admin(`create database ${name}`);
const databaseUrl = new URL(serverUrl);
databaseUrl.pathname = `/${name}`;
const planFile = join(root, '.bench', 'progress-requests.json');
say(`seeding ${users} learners × ${lessons} lessons in ${name}`);
const server = Bun.spawn(
  [
    process.execPath,
    ...(process.env.BENCH_PROFILE ? ['--cpu-prof-md', '--cpu-prof-dir=/tmp/progress-prof'] : []),
    join(root, 'bench/progress-server.ts'),
  ],
  {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl.toString(),
      INTERNAL_IDENTITY_SECRET: secret,
      PORT: String(port),
      BENCH_USERS: String(users),
      BENCH_LESSONS: String(lessons),
    },
    stdout: 'ignore',
    stderr: 'inherit',
  },
);
try {
  await waitFor(`http://127.0.0.1:${port}/health`);
  // Lesson-major order: every learner's first lesson, then every second one, and so on, so
  // the last lessons (course completion, certificate) come at the end of the first pass.
  const headers = await Promise.all(
    Array.from({ length: users }, (_, user) =>
      signIdentity(
        { kind: 'user', sub: `bench-user-${user}`, roles: ['user'], scopes: [] },
        secret,
        Date.now() + 60_000,
      ),
    ),
  );
  const plan = [];
  for (let lesson = 1; lesson <= lessons; lesson++) {
    for (let user = 0; user < users; user++) {
      plan.push({ path: `/api/v1/progress/lessons/bench-lesson-${lesson}`, headers: headers[user] });
    }
  }
  rmSync(planFile, { force: true });
  Bun.spawnSync(['mkdir', '-p', join(root, '.bench')]);
  writeFileSync(planFile, JSON.stringify(plan));
  // The same server's GET /health first: what HTTP alone gives on this machine right now.
  const health = Bun.spawn(
    [
      join(root, 'node_modules/.bin/node'),
      join(root, 'node_modules/autocannon/autocannon.js'),
      '--json',
      '-c',
      String(connections),
      '-d',
      '3',
      `http://127.0.0.1:${port}/health`,
    ],
    { stdout: 'pipe', stderr: 'ignore' },
  );
  const floor = JSON.parse(await new Response(health.stdout).text()) as { requests: { average: number } };
  await health.exited;
  say(`${connections} connections, ${duration} s, ${plan.length} distinct completions in the plan`);
  const load = Bun.spawn(
    [
      join(root, 'node_modules/.bin/node'),
      join(root, 'bench/progress-load.mjs'),
      planFile,
      `http://127.0.0.1:${port}`,
      String(connections),
      String(duration),
    ],
    { cwd: root, stdout: 'pipe', stderr: 'inherit' },
  );
  const report = JSON.parse(await new Response(load.stdout).text()) as Record<string, number>;
  await load.exited;
  const client = new pg.Client({ connectionString: databaseUrl.toString() });
  await client.connect();
  const counts = await client.query(
    `select (select count(*) from progress.lesson_progress)::int as completions,
      (select count(*) from progress.certificates)::int as certificates,
      (select count(*) from progress.outbox)::int as events`,
  );
  await client.end();
  const context = { healthRequestsPerSecond: floor.requests.average, loadAverage: loadavg()[0] };
  console.log(JSON.stringify({ ...report, ...counts.rows[0], ...context }, null, 2));
  const ok = (report.requestsPerSecond ?? 0) >= 1000 && (report.p99 ?? Infinity) < 50 && report.non2xx === 0;
  console.log(ok ? 'PASS: ≥ 1,000 req/s with p99 < 50 ms' : 'BELOW TARGET: ≥ 1,000 req/s with p99 < 50 ms');
} finally {
  server.kill('SIGTERM');
  await server.exited;
  await admin(`drop database if exists ${name} with (force)`);
}
