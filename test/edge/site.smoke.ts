/**
 * Edge smoke test of the learner site: `npm run site:build:edge` builds it with
 * @astrojs/cloudflare, and the result runs inside workerd (Miniflare) as its own Worker, calling
 * the public API of a real embedded platform (served here over HTTP on loopback) through
 * API_ORIGIN, as the deployed site worker calls the gateway.
 * Run by scripts/test.ts beside workers.smoke.ts.
 */
import { afterAll, beforeAll, expect, test } from 'bun:test';
import { join } from 'node:path';
import { Miniflare } from 'miniflare';
import type { Platform } from '../../scripts/lib/platform.ts';
import { STARTUP_TIMEOUT_MS, startTestPlatform } from '../support.ts';

const root = new URL('../..', import.meta.url).pathname;
const serverDir = join(root, 'site/dist-edge/server');

let platform: Platform;
let api: ReturnType<typeof Bun.serve>;
let site: Miniflare;
/** The headers of every API call the site worker made. */
const apiRequests: Headers[] = [];
const SITE_SECRET = 'edge-site-proxy-secret-0123456789abcdef';

beforeAll(async () => {
  const build = Bun.spawn(['npm', 'run', 'site:build:edge', '--silent'], {
    cwd: root,
    stdout: 'ignore',
    stderr: 'pipe',
  });
  const [code, stderr] = await Promise.all([build.exited, new Response(build.stderr).text()]);
  if (code !== 0) throw new Error(`the edge build of the site failed:\n${stderr}`);

  platform = await startTestPlatform();
  await platform.seed();
  api = Bun.serve({
    hostname: '127.0.0.1',
    port: 0,
    fetch: (request) => {
      apiRequests.push(request.headers);
      return platform.fetch(request);
    },
  });

  site = new Miniflare({
    modules: true,
    scriptPath: join(serverDir, 'entry.mjs'),
    // The adapter's output is unbundled ES modules (its wrangler.json says no_bundle).
    modulesRoot: serverDir,
    modulesRules: [{ type: 'ESModule', include: ['**/*.mjs', '**/*.js'] }],
    compatibilityDate: '2026-08-01',
    compatibilityFlags: ['nodejs_compat'],
    bindings: { API_ORIGIN: `http://127.0.0.1:${api.port}`, SITE_PROXY_SECRET: SITE_SECRET },
    kvNamespaces: ['SESSION'],
  });
}, STARTUP_TIMEOUT_MS);

afterAll(async () => {
  await site?.dispose();
  api?.stop(true);
  await platform?.close();
});

test('the site worker renders the catalog from the platform API', async () => {
  const response = await site.dispatchFetch('http://localhost:8787/courses');
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('text/html');
  expect(await response.text()).toContain('TypeScript from Zero to Production');
});

test('the site worker signs a visitor in through the API and keeps the tokens in HttpOnly cookies', async () => {
  const page = await site.dispatchFetch('http://localhost:8787/login');
  const csrfCookie = page.headers.getSetCookie().find((cookie) => cookie.startsWith('edu_csrf=')) ?? '';
  const token = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? '';
  const signedIn = await site.dispatchFetch('http://localhost:8787/login', {
    method: 'POST',
    redirect: 'manual',
    headers: {
      cookie: csrfCookie.split(';')[0] ?? '',
      origin: 'http://localhost:8787',
      // As Cloudflare sends it (Miniflare would otherwise put its own loopback address here).
      host: 'localhost:8787',
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({
      _csrf: token,
      email: 'learner@example.com',
      password: 'learner-password',
    }).toString(),
  });
  expect(signedIn.status).toBe(303);
  const access = signedIn.headers.getSetCookie().find((cookie) => cookie.startsWith('edu_at='));
  expect(access).toContain('HttpOnly');
});

test("the site worker vouches for its visitor's address (cf-connecting-ip) on its API calls, not a forged one", async () => {
  const before = apiRequests.length;
  const response = await site.dispatchFetch('http://localhost:8787/courses', {
    headers: { 'cf-connecting-ip': '198.51.100.70', 'x-edu-visitor-ip': '192.0.2.1' },
  });
  expect(response.status).toBe(200);
  const calls = apiRequests.slice(before);
  expect(calls.length).toBeGreaterThan(0);
  for (const headers of calls) {
    expect(headers.get('x-edu-visitor-ip')).toBe('198.51.100.70');
    expect(headers.get('x-edu-site-secret')).toBe(SITE_SECRET);
  }
});

test('in workerd too, pages carry their hashed CSP and the security headers; HSTS over HTTPS', async () => {
  // Miniflare hands the worker its own http loopback URL; Cloudflare says https in this header.
  const overHttps = { 'x-forwarded-proto': 'https', host: 'learn.example.com' };
  const page = await site.dispatchFetch('https://learn.example.com/courses', { headers: overHttps });
  expect(page.status).toBe(200);
  const policy = page.headers.get('content-security-policy') ?? '';
  expect(policy).toContain("frame-ancestors 'none'");
  expect(policy).toMatch(/script-src 'self'( 'sha256-[^']+')+/);
  expect(policy).not.toContain('unsafe-inline');
  expect(page.headers.get('x-content-type-options')).toBe('nosniff');
  expect(page.headers.get('x-frame-options')).toBe('DENY');
  expect(page.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');

  const redirect = await site.dispatchFetch('https://learn.example.com/lang?to=ru&back=/courses', {
    headers: overHttps,
    redirect: 'manual',
  });
  expect(redirect.status).toBe(303);
  expect(redirect.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
  expect(redirect.headers.get('x-content-type-options')).toBe('nosniff');
});
