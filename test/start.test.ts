import { describe, expect, test } from 'bun:test';

const root = new URL('..', import.meta.url).pathname;

/** Runs `npm start`'s script with `env` and returns how it ended. */
async function startWith(env: Record<string, string>) {
  const child = Bun.spawn([process.execPath, 'scripts/start.ts'], {
    cwd: root,
    env: { ...process.env, DATA_DIR: `/tmp/edu-start-test-${process.pid}`, ...env },
    stdout: 'pipe',
    stderr: 'pipe',
  });
  const timer = setTimeout(() => child.kill(), 20_000);
  const [code, stderr] = await Promise.all([child.exited, new Response(child.stderr).text()]);
  clearTimeout(timer);
  return { code, lines: stderr.trim().split('\n') };
}

describe('invalid configuration stops the process at once with a one-line message naming the setting', () => {
  test.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['DATABASE_URL', 'nonsense'],
    ['DATABASE_URL', 'mysql://localhost/db'],
    ['REDIS_URL', 'localhost:6379'],
    ['LOG_LEVEL', 'loud'],
  ])('%s=%s', async (name, value) => {
    const { code, lines } = await startWith({ [name]: value });
    expect(code).not.toBe(0);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toStartWith(`Invalid setting ${name}:`);
    expect(lines[0]).toContain(JSON.stringify(value));
  });
});
