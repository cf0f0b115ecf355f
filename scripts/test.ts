/**
 * `npm test`: every quality gate, in order, with progress on stderr and one summary line.
 *   typecheck → lint (Biome, knip) → tests on PGlite → the same tests on PostgreSQL + Redis (+ Kafka)
 *   → under CI, the heavy `*.ci.ts` suites by path → edge smoke test
 * Under CI=true the server-backed suites must run: if PostgreSQL, Redis or Kafka cannot start, the run fails.
 * Outside CI they are skipped (with a warning) when the servers cannot be started here; Kafka is
 * used when it already runs (`bash scripts/services kafka`), and the `*.ci.ts` suites are left to CI.
 */
const inCi = process.env.CI === 'true' || process.env.CI === '1';
const root = new URL('..', import.meta.url).pathname;
const totals = { passed: 0, failed: 0, skipped: 0 };
const failures: string[] = [];

function say(message: string) {
  console.error(`\n[test] ${message}`);
}

async function run(step: string, command: string[], env: Record<string, string> = {}): Promise<string> {
  say(`${step}: ${command.join(' ')}`);
  const started = performance.now();
  const child = Bun.spawn(command, {
    cwd: root,
    env: { ...process.env, ...env },
    stdout: 'pipe',
    stderr: 'pipe',
  });
  const forward = async (stream: ReadableStream<Uint8Array>, sink: NodeJS.WriteStream) => {
    let text = '';
    const decoder = new TextDecoder();
    for await (const chunk of stream) {
      const piece = decoder.decode(chunk, { stream: true });
      text += piece;
      sink.write(piece);
    }
    return text;
  };
  const [out, err] = await Promise.all([
    forward(child.stdout, process.stdout),
    forward(child.stderr, process.stderr),
  ]);
  const code = await child.exited;
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  if (code !== 0) failures.push(step);
  say(`${step}: ${code === 0 ? 'ok' : `FAILED (exit ${code})`} in ${seconds} s`);
  return out + err;
}

/** Adds bun test's own totals (" 12 pass", " 0 fail", " 1 skip") to ours. */
function count(output: string) {
  const number = (word: string) => Number(output.match(new RegExp(`^\\s*(\\d+) ${word}$`, 'm'))?.[1] ?? 0);
  totals.passed += number('pass');
  totals.failed += number('fail');
  totals.skipped += number('skip');
}

await run('typecheck', ['tsc', '-p', 'tsconfig.json', '--noEmit']);
await run('typecheck (site)', ['tsc', '-p', 'site/tsconfig.json', '--noEmit']);
await run('typecheck (.astro pages: astro check)', [
  'npm',
  'run',
  'check',
  '--workspace',
  'site',
  '--silent',
]);
await run('lint', ['biome', 'ci', '.']);
await run('dead code and unused exports (knip)', ['knip', '--no-progress']);
count(await run('tests on PGlite', ['bun', 'test']));

/** The TEST_* lines `scripts/services` prints (KEY=value), as an environment. */
function servicesEnv(stdout: Buffer): Record<string, string> {
  const lines = stdout.toString().trim().split('\n');
  const pairs = lines.map((line) => line.split('=', 2)).filter((pair) => pair[0]?.startsWith('TEST_'));
  return Object.fromEntries(pairs.map(([key = '', value = '']) => [key, value]));
}

/** Kafka for the event bus suites: started under CI (required there), used outside CI if it runs. */
function kafkaEnv(): Record<string, string> {
  if (inCi) {
    say('starting Apache Kafka (scripts/services kafka)');
    const kafka = Bun.spawnSync(['bash', 'scripts/services', 'kafka'], { cwd: root, stderr: 'inherit' });
    if (kafka.exitCode === 0) return servicesEnv(kafka.stdout);
    failures.push('kafka');
    say('Kafka could not be started, and CI=true requires it: failing');
    return {};
  }
  const status = Bun.spawnSync(['bash', 'scripts/services', 'env'], { cwd: root, stderr: 'ignore' });
  const env = servicesEnv(status.stdout);
  if (!env.TEST_KAFKA_BROKERS) {
    say(
      'WARNING: Kafka is not running; skipping the Kafka suites (CI runs them; `bash scripts/services kafka` to run them here)',
    );
  }
  return env.TEST_KAFKA_BROKERS ? { TEST_KAFKA_BROKERS: env.TEST_KAFKA_BROKERS } : {};
}

/** Heavy suites (real broker, child processes) named `*.ci.ts`: bun test runs them only by path. */
function ciSuites(): string[] {
  const globs = [new Bun.Glob('{packages,services}/*/test/**/*.ci.ts'), new Bun.Glob('test/**/*.ci.ts')];
  const paths = globs.flatMap((glob) => [...glob.scanSync({ cwd: root })]);
  return paths.sort().map((path) => `./${path}`);
}

say('starting PostgreSQL and Redis (scripts/services up)');
const services = Bun.spawnSync(['bash', 'scripts/services', 'up'], { cwd: root, stderr: 'inherit' });
if (services.exitCode === 0) {
  const env = { ...servicesEnv(services.stdout), ...kafkaEnv() };
  // Our own test Redis: start each run without counters (e.g. rate limits) left by the last one.
  if (env.TEST_REDIS_URL)
    Bun.spawnSync(['redis-cli', '-u', env.TEST_REDIS_URL, 'flushdb'], { stdout: 'ignore' });
  count(await run('tests on PostgreSQL + Redis', ['bun', 'test'], env));
  const heavy = ciSuites();
  if (inCi && heavy.length > 0) {
    count(await run('CI-only suites (*.ci.ts)', ['bun', 'test', '--timeout', '120000', ...heavy], env));
  } else if (heavy.length > 0) {
    say(`skipping ${heavy.length} CI-only suite(s) outside CI: ${heavy.join(' ')}`);
  }
} else if (inCi) {
  failures.push('services');
  say('PostgreSQL/Redis could not be started, and CI=true requires them: failing');
} else {
  say('WARNING: PostgreSQL/Redis could not be started here; skipping the server-backed run (CI runs it)');
}

count(
  await run('edge smoke tests (wrangler, @astrojs/cloudflare + workerd)', [
    'bun',
    'test',
    './test/edge/workers.smoke.ts',
    './test/edge/site.smoke.ts',
  ]),
);

// The summary is the very last line printed: CI reads a closing "N passed, N failed" line.
const summary = `tests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`;
if (failures.length > 0) {
  console.error(`[test] failed steps: ${failures.join(', ')}`);
  console.log(`\n${summary}`);
  process.exit(1);
}
console.error('[test] all gates passed');
console.log(`\n${summary}`);
