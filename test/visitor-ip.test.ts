import { afterAll, beforeAll, expect, test } from 'bun:test';
import { rmSync } from 'node:fs';
import type { Subprocess } from 'bun';
import { freePort, startPlatformProcess } from './support.ts';

/**
 * Behind the site, per-IP login limits count visitors, not the site's server: the site forwards
 * each visitor's address to the API, vouched for with a secret only `npm start` gave it. Without
 * that, one address failing logins would lock every visitor of the site out.
 *
 * The platform listens dual-stack (HOST=::): an attacker on 127.0.0.1 trips the per-IP limit,
 * and a visitor arriving over ::1 still signs in through the site's login form.
 */
const dataDir = `/tmp/edu-visitor-ip-test-${process.pid}`;
const port = freePort();
let platform: Subprocess | undefined;

/** Whether this machine has an IPv6 loopback (some containers do not); the test needs two addresses. */
function hasIpv6Loopback(): boolean {
  try {
    Bun.serve({ hostname: '::1', port: 0, fetch: () => new Response() }).stop(true);
    return true;
  } catch {
    return false;
  }
}
const dualStack = hasIpv6Loopback();
if (!dualStack) console.warn('[visitor-ip] no IPv6 loopback here: the test is skipped');

beforeAll(async () => {
  if (!dualStack) return;
  platform = await startPlatformProcess({
    origin: `http://127.0.0.1:${port}`,
    env: {
      HOST: '::',
      PORT: String(port),
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      // Trips within the 60 attempts below (the default lets a whole campus mistype).
      LOGIN_LIMIT_PER_ADDRESS: '20',
    },
  });
}, 90_000);

afterAll(async () => {
  platform?.kill('SIGINT');
  await platform?.exited;
  rmSync(dataDir, { recursive: true, force: true });
});

test.skipIf(!dualStack)(
  'one address failing logins does not lock other visitors of the site out',
  async () => {
    const api = `http://127.0.0.1:${port}/api/v1/auth/login`;
    // Failures spread over unknown accounts (password spraying), plus a forged visitor address.
    let limited = false;
    for (let attempt = 0; attempt < 60 && !limited; attempt++) {
      const response = await fetch(api, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-edu-visitor-ip': '198.51.100.7',
          'x-edu-site-secret': 'guessed',
        },
        body: JSON.stringify({ username: `nobody-${attempt}@example.com`, password: 'wrong-password' }),
      });
      limited = response.status === 429;
    }
    expect(limited).toBe(true);

    // A visitor over ::1 signs in through the site's form (CSRF cookie and token first).
    const site = `http://[::1]:${port}`;
    const page = await fetch(`${site}/login`);
    const csrfCookie = (
      page.headers.getSetCookie().find((cookie) => cookie.startsWith('edu_csrf=')) ?? ''
    ).split(';')[0];
    const token = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? '';
    const signedIn = await fetch(`${site}/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: {
        cookie: csrfCookie ?? '',
        origin: site,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ _csrf: token, email: 'learner@example.com', password: 'learner-password' }),
    });
    expect(signedIn.status).toBe(303);
    expect(signedIn.headers.getSetCookie().some((cookie) => cookie.startsWith('edu_at='))).toBe(true);
  },
  90_000,
);
