import { afterAll, expect, test } from 'bun:test';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, waitForHealth } from './support.ts';

const root = new URL('..', import.meta.url).pathname;
const dataDir = `/tmp/edu-restart-test-${process.pid}`;
const port = freePort();

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** `npm start` as a newcomer runs it: a real process, stopped with Ctrl-C (SIGINT). */
async function startAndStop(): Promise<{ exitCode: number; output: string }> {
  const child = Bun.spawn([process.execPath, 'scripts/start.ts'], {
    cwd: root,
    env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
    stdout: 'pipe',
    stderr: 'pipe',
  });
  await waitForHealth(`http://127.0.0.1:${port}`, 30_000);
  child.kill('SIGINT');
  const [exitCode, stdout, stderr] = await Promise.all([
    child.exited,
    new Response(child.stdout).text(),
    new Response(child.stderr).text(),
  ]);
  return { exitCode, output: stdout + stderr };
}

test('npm start serves, stops cleanly on Ctrl-C, and a second start reuses the data', async () => {
  const first = await startAndStop();
  expect(first.exitCode).toBe(0);
  expect(first.output).toContain(`http://localhost:${port}/`);
  expect(first.output).toContain('learner@example.com');
  expect(existsSync(join(dataDir, 'pglite', 'PG_VERSION'))).toBe(true);
  expect(existsSync(join(dataDir, 'seeded'))).toBe(true);
  expect(first.output).toContain('seeding users');
  expect(first.output).toContain('seeding courses');

  const second = await startAndStop();
  expect(second.exitCode).toBe(0);
  expect(second.output).not.toContain('seeding');
}, 60_000);
