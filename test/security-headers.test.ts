import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { createHash } from 'node:crypto';
import { rmSync } from 'node:fs';
import type { Subprocess } from 'bun';
import { EMAIL_PREVIEW_CSP } from '../services/notifications/src/routes/dev-mailbox/schemas.ts';
import { freePort, startPlatformProcess } from './support.ts';

/**
 * Security headers on every kind of answer of a real `npm start` process: the gateway's (JSON,
 * problem+json, /docs, the OpenAPI document) and the site's (pages, its 404 page, plain-text
 * errors, redirects, refused form posts). A page's CSP must allow each inline script and style
 * it has by hash, and nothing inline by 'unsafe-inline'. (test/browser/site.ci.ts checks in
 * Chromium that no page reports a violation.)
 */
const dataDir = `/tmp/edu-security-headers-test-${process.pid}`;
const port = freePort();
const origin = `http://127.0.0.1:${port}`;
let platform: Subprocess;

beforeAll(async () => {
  platform = await startPlatformProcess({
    origin,
    env: { PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
  });
}, 90_000);

afterAll(async () => {
  platform?.kill('SIGINT');
  await platform?.exited;
  rmSync(dataDir, { recursive: true, force: true });
});

const LOCKED_DOWN = "default-src 'none'; frame-ancestors 'none'";

/** The same on the gateway's answers and the site's. */
function expectBaseline(response: Response) {
  expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  expect(response.headers.get('x-frame-options')).toBe('DENY');
  expect(response.headers.get('permissions-policy')).toBe(
    'accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()',
  );
  expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
  expect(response.headers.get('strict-transport-security')).toBeNull();
}

function directive(policy: string, name: string): string {
  return (
    policy
      .split(';')
      .map((part) => part.trim())
      .find((part) => part.startsWith(`${name} `)) ?? ''
  );
}

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

/** The page's CSP allows its inline <script> and <style> elements by hash, and no inline attribute. */
async function expectPolicyFitsPage(response: Response) {
  expect(response.headers.get('content-type')).toStartWith('text/html');
  const policy = response.headers.get('content-security-policy') ?? '';
  const scriptSrc = directive(policy, 'script-src');
  const styleSrc = directive(policy, 'style-src');
  expect(scriptSrc).not.toContain('unsafe-inline');
  expect(styleSrc).not.toContain('unsafe-inline');
  expect(directive(policy, 'default-src')).toBe("default-src 'self'");
  const page = await response.text();
  // The site's stylesheet is inlined (build.inlineStylesheets): there is something to check.
  expect(page).toContain('<style>');
  for (const [, attributes = '', body = ''] of page.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)) {
    if (!attributes.includes('src=')) expect(scriptSrc).toContain(sha256(body));
  }
  for (const [, body = ''] of page.matchAll(/<style\b[^>]*>([\s\S]*?)<\/style>/g)) {
    expect(styleSrc).toContain(sha256(body));
  }
  // Style and handler attributes would need 'unsafe-inline' (or 'unsafe-hashes'): there are none.
  expect(page).not.toMatch(/<[^>]+\sstyle=/);
  expect(page).not.toMatch(/<[^>]+\son[a-z]+=/);
  return page;
}

async function signedInCookies(): Promise<string> {
  const page = await fetch(`${origin}/login`);
  const csrf = (page.headers.getSetCookie().find((cookie) => cookie.startsWith('edu_csrf=')) ?? '').split(
    ';',
  )[0];
  const token = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? '';
  const signedIn = await fetch(`${origin}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: csrf ?? '', origin, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: token, email: 'learner@example.com', password: 'learner-password' }),
  });
  expect(signedIn.status).toBe(303);
  expectBaseline(signedIn);
  return [csrf, ...signedIn.headers.getSetCookie().map((cookie) => cookie.split(';')[0])].join('; ');
}

describe('the gateway, through npm start', () => {
  test.each([
    ['JSON 200', '/api/v1/health', 200],
    ['the OpenAPI document', '/api/v1/openapi.json', 200],
    ['problem+json 404', '/api/v1/no-such-thing', 404],
    ['problem+json 401', '/api/v1/auth/me', 401],
  ])('%s', async (_name, path, status) => {
    const response = await fetch(`${origin}${path}`);
    expect(response.status).toBe(status);
    expectBaseline(response);
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('content-security-policy')).toBe(LOCKED_DOWN);
  });

  test('problem+json 400', async () => {
    const response = await fetch(`${origin}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(response.status).toBe(400);
    expectBaseline(response);
    expect(response.headers.get('content-security-policy')).toBe(LOCKED_DOWN);
  });

  test('/docs has its own nonce-based policy', async () => {
    const response = await fetch(`${origin}/docs`);
    expect(response.status).toBe(200);
    expectBaseline(response);
    expect(directive(response.headers.get('content-security-policy') ?? '', 'script-src')).toMatch(
      /^script-src 'nonce-[^']+'$/,
    );
  });

  test('the dev mailbox and mail previews: inline styles of emails pass, nothing runs', async () => {
    for (const path of [
      '/api/v1/notifications/dev/mailbox.html',
      '/api/v1/notifications/dev/mail-templates/welcome',
    ]) {
      const response = await fetch(`${origin}${path}`);
      expect(response.status).toBe(200);
      expectBaseline(response);
      expect(response.headers.get('content-security-policy')).toBe(EMAIL_PREVIEW_CSP);
    }
  });

  test('HSTS when a TLS proxy in front says the visitor came over HTTPS, on API and site alike', async () => {
    const headers = { 'x-forwarded-proto': 'https' };
    for (const path of ['/api/v1/health', '/courses']) {
      const response = await fetch(`${origin}${path}`, { headers });
      expect(response.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
    }
  });
});

describe('the site, through npm start', () => {
  test('home, catalog, a course page and login: hashes for their inline code, nothing more', async () => {
    const courses = (await (await fetch(`${origin}/api/v1/courses`)).json()) as { items: { id: string }[] };
    const course = courses.items[0]?.id ?? '';
    expect(course).not.toBe('');
    for (const path of ['/', '/courses', `/courses/${course}`, '/login']) {
      const response = await fetch(`${origin}${path}`);
      expect(response.status).toBe(200);
      expectBaseline(response);
      expect(response.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
      await expectPolicyFitsPage(response);
    }
  });

  test('a signed-in page with the realtime bell: its script is allowed by hash', async () => {
    const cookie = await signedInCookies();
    const response = await fetch(`${origin}/me/courses`, { headers: { cookie } });
    expect(response.status).toBe(200);
    expectBaseline(response);
    const page = await expectPolicyFitsPage(response);
    expect(page).toContain('class="bell"');
    // The bell's script is inline in the page (so it is its hash that lets it run).
    expect(page).toContain('realtime?ticket=');
  });

  test('the 404 page is the site layout under the same policy', async () => {
    const response = await fetch(`${origin}/no-such-page`);
    expect(response.status).toBe(404);
    expectBaseline(response);
    await expectPolicyFitsPage(response);
  });

  test('plain-text errors, redirects and refused posts: the locked-down policy, and a type', async () => {
    const missing = await fetch(`${origin}/courses/no-such-course`);
    expect(missing.status).toBe(404);
    expectBaseline(missing);
    expect(missing.headers.get('content-security-policy')).toBe(LOCKED_DOWN);
    // nosniff: an answer without a type would be downloaded, not shown.
    expect(missing.headers.get('content-type')).toStartWith('text/plain');

    const redirect = await fetch(`${origin}/lang?to=ru&back=/courses`, { redirect: 'manual' });
    expect(redirect.status).toBe(303);
    expectBaseline(redirect);
    expect(redirect.headers.get('content-security-policy')).toBe(LOCKED_DOWN);

    const forged = await fetch(`${origin}/logout`, {
      method: 'POST',
      redirect: 'manual',
      headers: { origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded' },
      body: '_csrf=guess',
    });
    expect(forged.status).toBe(403);
    expectBaseline(forged);
    expect(forged.headers.get('content-security-policy')).toBe(LOCKED_DOWN);
  });
});
