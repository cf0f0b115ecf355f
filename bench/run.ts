/**
 * `npm run bench`: starts the embedded platform and a bare Bun "hello" server as separate
 * processes, drives each scenario with autocannon from a third process, and prints one table.
 * Settings: BENCH_DURATION (seconds per scenario, default 10), BENCH_CONNECTIONS (default 50),
 * BENCH_ONLY (substring of a scenario name).
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { BENCH_RATE_LIMITS, type BenchRequest, SCENARIOS } from './scenarios.ts';

const root = new URL('..', import.meta.url).pathname;
const duration = Number(process.env.BENCH_DURATION ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);
const only = process.env.BENCH_ONLY;
const PLATFORM_PORT = 18787;
const HELLO_PORT = 18788;
const dataDir = join(root, '.bench', 'data');
const say = (message: string) => console.error(`[bench] ${message}`);

interface Result {
  scenario: string;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
}

async function waitFor(url: string, timeoutMs = 60_000) {
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

/** One autocannon run in its own process (Node 22 from the `node` dev dependency). */
async function load(origin: string, request: BenchRequest, name: string): Promise<Result> {
  const args = [
    join(root, 'node_modules/.bin/node'),
    join(root, 'node_modules/autocannon/autocannon.js'),
    '--json',
    '-c',
    String(connections),
    '-d',
    String(duration),
    '-m',
    request.method ?? 'GET',
  ];
  for (const [header, value] of Object.entries(request.headers ?? {})) args.push('-H', `${header}=${value}`);
  if (request.body) args.push('-b', request.body);
  args.push(`${origin}${request.path}`);
  const child = Bun.spawn(args, { stdout: 'pipe', stderr: 'ignore' });
  const report = JSON.parse(await new Response(child.stdout).text()) as {
    requests: { average: number };
    latency: { p50: number; p99: number };
    errors: number;
    timeouts: number;
    non2xx: number;
  };
  await child.exited;
  return {
    scenario: name,
    requestsPerSecond: report.requests.average,
    p50: report.latency.p50,
    p99: report.latency.p99,
    errors: report.errors + report.timeouts + report.non2xx,
  };
}

function printTable(results: Result[], ceiling: number) {
  const rows = results.map((result) => [
    result.scenario,
    Math.round(result.requestsPerSecond).toLocaleString('en-US'),
    `${result.p50} ms`,
    `${result.p99} ms`,
    String(result.errors),
    `${((result.requestsPerSecond / ceiling) * 100).toFixed(0)} %`,
  ]);
  const header = ['scenario', 'req/s', 'p50', 'p99', 'errors', 'of ceiling'];
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => row[column]?.length ?? 0)),
  );
  const line = (cells: string[]) => cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ');
  console.log(`\n${line(header)}\n${widths.map((width) => '-'.repeat(width)).join('  ')}`);
  for (const row of rows) console.log(line(row));
  console.log(
    `\n${connections} connections, ${duration} s per scenario, load from a separate process (autocannon)`,
  );
}

rmSync(dataDir, { recursive: true, force: true });
say('starting the embedded platform and the hello ceiling server');
const platform = Bun.spawn([process.execPath, join(root, 'scripts/start.ts')], {
  cwd: root,
  env: {
    ...process.env,
    PORT: String(PLATFORM_PORT),
    DATA_DIR: dataDir,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    ...BENCH_RATE_LIMITS,
  },
  stdout: 'ignore',
  stderr: 'inherit',
});
const hello = Bun.spawn([process.execPath, join(root, 'bench/hello.ts')], {
  env: { ...process.env, PORT: String(HELLO_PORT) },
  stdout: 'ignore',
  stderr: 'ignore',
});
const origin = `http://127.0.0.1:${PLATFORM_PORT}`;
try {
  await waitFor(`${origin}/api/v1/health`);
  await waitFor(`http://127.0.0.1:${HELLO_PORT}/`);
  say(`ceiling: bare Bun.serve hello, ${duration} s`);
  const ceiling = await load(`http://127.0.0.1:${HELLO_PORT}`, { path: '/' }, 'Bun.serve hello (ceiling)');
  const results = [ceiling];
  for (const scenario of SCENARIOS) {
    if (only && !scenario.name.includes(only)) continue;
    say(`${scenario.name}: preparing`);
    const request = await scenario.prepare(origin);
    say(`${scenario.name}: ${duration} s of load`);
    results.push(await load(origin, request, scenario.name));
  }
  printTable(results, ceiling.requestsPerSecond);
} finally {
  platform.kill('SIGINT');
  hello.kill();
  await Promise.all([platform.exited, hello.exited]);
}
