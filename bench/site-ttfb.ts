/**
 * `npm run bench:site`: time to first byte of the site's catalog page (GET /courses, rendered by
 * Astro from the public API) on a freshly started embedded platform. Sequential requests from one
 * client, so each figure is one page's latency rather than a queue's. Prints p50/p95/p99 and
 * fails when p95 reaches 100 ms. Settings: BENCH_REQUESTS (default 300).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BENCH_RATE_LIMITS } from './scenarios.ts';

const root = new URL('..', import.meta.url).pathname;
const requests = Number(process.env.BENCH_REQUESTS ?? 300);
const budgetMs = 100;

const probe = Bun.serve({ port: 0, hostname: '127.0.0.1', fetch: () => new Response() });
const port = probe.port ?? 0;
probe.stop(true);
const dataDir = mkdtempSync(join(tmpdir(), 'bench-site-'));
const env: Record<string, string | undefined> = { ...process.env, PORT: String(port), DATA_DIR: dataDir };
delete env.DATABASE_URL;
delete env.REDIS_URL;
env.LOG_LEVEL = 'warn';
Object.assign(env, BENCH_RATE_LIMITS);
const platform = Bun.spawn([process.execPath, join(root, 'scripts/start.ts')], {
  cwd: root,
  env,
  stdout: 'ignore',
  stderr: 'ignore',
});
const url = `http://127.0.0.1:${port}/courses`;

async function ttfb(): Promise<number> {
  const started = performance.now();
  const response = await fetch(url, { headers: { accept: 'text/html' } });
  // fetch resolves when the status line and headers arrive: that is the first byte.
  const elapsed = performance.now() - started;
  if (!response.ok) throw new Error(`GET /courses answered ${response.status}`);
  await response.arrayBuffer();
  return elapsed;
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;

try {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const ready = await fetch(url)
      .then((r) => r.ok && (r.headers.get('content-type') ?? '').includes('text/html'))
      .catch(() => false);
    if (ready) break;
    if (Date.now() > deadline) throw new Error('the platform did not start');
    await Bun.sleep(100);
  }
  for (let i = 0; i < 20; i++) await ttfb(); // warm-up: JIT, caches
  const samples: number[] = [];
  for (let i = 0; i < requests; i++) samples.push(await ttfb());
  samples.sort((a, b) => a - b);
  const [p50, p95, p99] = [50, 95, 99].map((p) => percentile(samples, p));
  console.log(
    `GET /courses TTFB over ${requests} requests: p50 ${p50?.toFixed(1)} ms, p95 ${p95?.toFixed(1)} ms, p99 ${p99?.toFixed(1)} ms (budget p95 < ${budgetMs} ms)`,
  );
  if (!(Number(p95) < budgetMs)) process.exitCode = 1;
} finally {
  platform.kill('SIGINT');
  await platform.exited;
  rmSync(dataDir, { recursive: true, force: true });
}
