/**
 * `bun bench/startup.ts`: times the embedded topology's cold start (empty data dir:
 * PGlite init, migrations, seed) and its restart on existing data, each until
 * GET /api/v1/health answers 200.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const dataDir = join(root, '.bench', 'startup-data');
const port = 18789;

async function timeStart(label: string): Promise<number> {
  const started = performance.now();
  const child = Bun.spawn([process.execPath, join(root, 'scripts/start.ts')], {
    cwd: root,
    env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
    stdout: 'ignore',
    stderr: 'ignore',
  });
  let elapsed = Number.NaN;
  while (performance.now() - started < 60_000) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/api/v1/health`)).status === 200) {
        elapsed = (performance.now() - started) / 1000;
        break;
      }
    } catch {
      // not listening yet
    }
    await Bun.sleep(50);
  }
  child.kill('SIGINT');
  const code = await child.exited;
  console.log(
    `${label.padEnd(32)} ${elapsed.toFixed(2)} s (clean shutdown: ${code === 0 ? 'yes' : `no, exit ${code}`})`,
  );
  return elapsed;
}

rmSync(dataDir, { recursive: true, force: true });
await timeStart('cold start (migrate + seed)');
await timeStart('restart on existing data');
await timeStart('restart on existing data (again)');
rmSync(dataDir, { recursive: true, force: true });
