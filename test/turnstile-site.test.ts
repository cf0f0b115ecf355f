import { afterAll, beforeAll, expect, test } from 'bun:test';
import { rmSync } from 'node:fs';
import type { Subprocess } from 'bun';
import {
  type SiteverifyStandIn,
  STAND_IN_SECRET,
  startSiteverifyStandIn,
} from '../services/orchestrator/test/support/turnstile-stand-in.ts';
import { freePort, startPlatformProcess } from './support.ts';

/**
 * The human check end to end through `npm start`: with TURNSTILE_SITE_KEY the site's register
 * form renders Cloudflare's widget, and what the widget puts in the form (`cf-turnstile-response`)
 * reaches the gateway, which verifies it with siteverify (here a local stand-in speaking its
 * wire format, see turnstile-stand-in.ts) for the visitor's address.
 */
const SITE_KEY = '1x00000000000000000000AA';
const dataDir = `/tmp/edu-turnstile-test-${process.pid}`;
const port = freePort();
const site = `http://127.0.0.1:${port}`;
let platform: Subprocess | undefined;
let siteverify: SiteverifyStandIn;

beforeAll(async () => {
  siteverify = startSiteverifyStandIn();
  platform = await startPlatformProcess({
    origin: site,
    env: {
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'error',
      TURNSTILE_SITE_KEY: SITE_KEY,
      TURNSTILE_SECRET_KEY: STAND_IN_SECRET,
      TURNSTILE_VERIFY_URL: siteverify.url,
    },
  });
}, 90_000);
afterAll(async () => {
  platform?.kill('SIGINT');
  await platform?.exited;
  siteverify.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Posts the register form as a browser would: CSRF cookie and token from the page first. */
async function submitRegistration(fields: Record<string, string>): Promise<Response> {
  const page = await fetch(`${site}/register`);
  const cookie = (page.headers.getSetCookie().find((value) => value.startsWith('edu_csrf=')) ?? '').split(
    ';',
  )[0];
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? '';
  return fetch(`${site}/register`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: cookie ?? '', origin: site, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: csrf, name: 'New Student', password: 'classroom-1', ...fields }),
  });
}

test('the register form renders the Turnstile widget with the site key', async () => {
  const html = await (await fetch(`${site}/register`)).text();
  expect(html).toContain(`class="cf-turnstile" data-sitekey="${SITE_KEY}"`);
  expect(html).toContain('src="https://challenges.cloudflare.com/turnstile/v0/api.js"');
});

test('without the widget token registration does not go through, and says why', async () => {
  const before = siteverify.requests.length;
  const response = await submitRegistration({ email: 'no-token@school.example' });
  expect(response.status).toBe(200);
  expect(await response.text()).toContain('must be a valid Turnstile token');
  expect(siteverify.requests).toHaveLength(before);
});

test("with the widget's token the visitor is registered, verified for their own address", async () => {
  siteverify.issue('widget-token-1');
  const response = await submitRegistration({
    email: 'with-token@school.example',
    'cf-turnstile-response': 'widget-token-1',
  });
  expect(response.status).toBe(303);
  expect(response.headers.get('location')).toBe('/courses');
  expect(siteverify.requests.at(-1)).toEqual({
    secret: STAND_IN_SECRET,
    response: 'widget-token-1',
    remoteip: '127.0.0.1',
  });
});
