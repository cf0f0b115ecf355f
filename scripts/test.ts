/**
 * `npm test`: every quality gate, in order, with progress on stderr and one summary line.
 *   typecheck → lint → tests on PGlite → the same tests on PostgreSQL + Redis → edge smoke test
 * Under CI=true the server-backed suites must run: if PostgreSQL or Redis cannot start, the run fails.
 * Outside CI they are skipped (with a warning) when the servers cannot be started here.
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
await run('lint', ['biome', 'ci', '.']);
count(await run('tests on PGlite', ['bun', 'test']));

say('starting PostgreSQL and Redis (scripts/services up)');
const services = Bun.spawnSync(['bash', 'scripts/services', 'up'], { cwd: root, stderr: 'inherit' });
if (services.exitCode === 0) {
  const env = Object.fromEntries(
    services.stdout
      .toString()
      .trim()
      .split('\n')
      .map((line) => line.split('=', 2) as [string, string]),
  );
  count(await run('tests on PostgreSQL + Redis', ['bun', 'test'], env));
} else if (inCi) {
  failures.push('services');
  say('PostgreSQL/Redis could not be started, and CI=true requires them: failing');
} else {
  say('WARNING: PostgreSQL/Redis could not be started here; skipping the server-backed run (CI runs it)');
}

count(await run('edge smoke test (wrangler + workerd)', ['bun', 'test', './test/edge/workers.smoke.ts']));

console.log(`\ntests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
if (failures.length > 0) {
  console.error(`[test] failed steps: ${failures.join(', ')}`);
  process.exit(1);
}
console.error('[test] all gates passed');
