/**
 * The learner site in a real browser (Debian's Chromium via playwright-core) against the real
 * embedded platform, started here on a free port with a fresh DATA_DIR. CI only (`*.ci.ts`).
 * Screenshots of every step go to artifacts/browser/ (git-ignored). Every page any test opens is
 * watched for Content-Security-Policy violations; the last test says there were none.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { SCALAR_BUNDLE_URL } from '../../services/orchestrator/src/middleware/pages.ts';

const root = new URL('../..', import.meta.url).pathname;
const shots = join(root, 'artifacts/browser');
const axeSource = readFileSync(join(root, 'node_modules/axe-core/axe.min.js'), 'utf8');

let platform: ReturnType<typeof Bun.spawn>;
let dataDir: string;
let profileDir: string;
let context: BrowserContext;
let origin: string;
/** Each CSP violation any page reported: Chromium's "Refused to …" console errors and the events. */
const cspViolations: string[] = [];

function freePort(): number {
  const probe = Bun.serve({ port: 0, hostname: '127.0.0.1', fetch: () => new Response() });
  const port = probe.port ?? 0;
  probe.stop(true);
  return port;
}

beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  dataDir = mkdtempSync(join(tmpdir(), 'site-data-'));
  profileDir = mkdtempSync(join(tmpdir(), 'site-chromium-'));
  const port = freePort();
  origin = `http://localhost:${port}`;
  // The embedded topology on PGlite, whatever database the surrounding test run points at.
  const env: Record<string, string | undefined> = { ...process.env, PORT: String(port), DATA_DIR: dataDir };
  delete env.DATABASE_URL;
  delete env.REDIS_URL;
  platform = Bun.spawn([process.execPath, 'scripts/start.ts'], {
    cwd: root,
    env,
    stdout: 'ignore',
    stderr: 'ignore',
  });
  const deadline = Date.now() + 60_000;
  for (;;) {
    const ready = await fetch(`${origin}/courses`)
      .then((response) => response.ok && response.headers.get('content-type')?.includes('text/html'))
      .catch(() => false);
    if (ready) break;
    if (Date.now() > deadline) throw new Error('the platform did not start');
    await Bun.sleep(200);
  }
  context = await chromium.launchPersistentContext(profileDir, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  // Injected by the browser itself (like an extension), so the pages' own CSP does not stop it.
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI || 'inline'}`);
    });
  });
  context.on('page', (page) => {
    page.on('console', (message) => {
      const text = message.text();
      if (text.startsWith('Refused to') || text.startsWith('CSP violation:')) {
        cspViolations.push(`${page.url()}: ${text}`);
      }
    });
  });
}, 90_000);

afterAll(async () => {
  await context?.close();
  platform?.kill();
  await platform?.exited;
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(profileDir, { recursive: true, force: true });
});

async function shot(page: Page, name: string) {
  await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
}

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/**
 * axe-core, injected from its own source: no serious or critical violation may remain. Evaluated
 * through the DevTools protocol, which the page's CSP does not govern (an inline <script> it would).
 */
async function expectAccessible(page: Page) {
  const devtools = await context.newCDPSession(page);
  await devtools.send('Runtime.evaluate', { expression: axeSource });
  await devtools.detach();
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: () => Promise<{ violations: AxeViolation[] }> } }).axe;
    return (await axe.run()).violations;
  });
  const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual(
    [],
  );
}

/** Sum of the gzip sizes of every JavaScript response the page loads. */
async function gzippedJs(page: Page, path: string): Promise<number> {
  const bodies: Promise<Buffer>[] = [];
  const listener = (response: import('playwright-core').Response) => {
    const type = response.headers()['content-type'] ?? '';
    if (type.includes('javascript')) bodies.push(response.body());
  };
  page.on('response', listener);
  await page.goto(`${origin}${path}`, { waitUntil: 'networkidle' });
  page.off('response', listener);
  const sizes = await Promise.all(bodies);
  return sizes.reduce((sum, body) => sum + gzipSync(body).length, 0);
}

async function badge(page: Page): Promise<number> {
  return Number((await page.locator('a.bell .badge').getAttribute('data-count')) ?? '0');
}

async function logIn(page: Page, email: string, password: string) {
  await page.goto(`${origin}/login`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.waitForURL(/\/me\/courses/);
}

describe('learner site', () => {
  test('a visitor registers, searches, buys, learns everything, gets a certificate; the bell updates live', async () => {
    const page = await context.newPage();
    await page.goto(`${origin}/`);
    expect(await page.getByRole('heading', { level: 1 }).count()).toBe(1);
    await shot(page, '01-home');
    await expectAccessible(page);

    await page.getByRole('link', { name: 'Sign up' }).click();
    const email = `visitor-${Date.now()}@example.com`;
    await page.getByLabel('Name').fill('Vera Visitor');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill('visitor-password');
    await shot(page, '02-register');
    await page.getByRole('button', { name: 'Sign up' }).click();
    await page.waitForURL(/\/courses$/);
    // Tokens stay on the server: the session cookies are HttpOnly, page JavaScript sees none.
    expect(await page.evaluate(() => document.cookie)).not.toContain('edu_');
    const cookies = await context.cookies(origin);
    const access = cookies.find((c) => c.name === 'edu_at');
    expect(access?.httpOnly).toBe(true);
    expect(access?.secure).toBe(true);
    expect(access?.sameSite).toBe('Lax');

    await page.getByLabel('Search courses').fill('PostgreSQL');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL(/q=PostgreSQL/);
    const cards = page.locator('.card h3 a');
    expect(await cards.count()).toBe(1);
    await shot(page, '03-search');
    await expectAccessible(page);

    await cards.first().click();
    await page.waitForURL(/\/courses\/[^/]+$/);
    const courseUrl = page.url();
    await shot(page, '04-course');
    await expectAccessible(page);

    // A second tab keeps the bell open; it must count new notifications without a reload.
    const watcher = await context.newPage();
    await watcher.goto(`${origin}/me/courses`);
    await watcher.waitForLoadState('networkidle');
    const before = await badge(watcher);

    await page.getByRole('button', { name: /^Buy for/ }).click();
    await page.waitForURL(courseUrl);
    await page.getByText('You have access to this course.').waitFor();
    await shot(page, '05-bought');
    await watcher.waitForFunction(
      (count) => Number(document.querySelector('a.bell .badge')?.getAttribute('data-count')) > count,
      before,
      { timeout: 15_000 },
    );
    await shot(watcher, '06-bell-after-purchase');

    await page.getByRole('link', { name: 'Start learning' }).click();
    await page.waitForURL(/\/lessons\//);
    await shot(page, '07-lesson');
    await expectAccessible(page);
    // The lesson title is the page's one h1, shown once: the body does not repeat it.
    const lessonTitle = (await page.getByRole('heading', { level: 1 }).textContent()) ?? '';
    expect(await page.getByRole('heading', { level: 1 }).count()).toBe(1);
    expect(await page.getByRole('heading', { name: lessonTitle, exact: true }).count()).toBe(1);
    const afterPurchase = await badge(watcher);
    for (let step = 0; step < 20; step++) {
      const button = page.getByRole('button', { name: 'Mark complete' });
      if ((await button.count()) === 0) break;
      await Promise.all([page.waitForURL(/\/lessons\//), button.click()]);
      await page.waitForLoadState('load');
    }
    expect(await page.locator('[data-testid=percent]').textContent()).toBe('100%');
    await shot(page, '08-all-complete');

    await watcher.waitForFunction(
      (count) => Number(document.querySelector('a.bell .badge')?.getAttribute('data-count')) > count,
      afterPurchase,
      { timeout: 15_000 },
    );
    await shot(watcher, '09-bell-after-completion');

    await watcher.reload();
    expect(await watcher.locator('[data-testid=percent]').first().textContent()).toBe('100%');
    await watcher.getByRole('link', { name: 'View certificate' }).click();
    await watcher.waitForURL(/\/certificates\//);
    expect(await watcher.locator('[data-testid=verification]').textContent()).toContain('Valid certificate');
    await shot(watcher, '10-certificate');
    await watcher.close();
    await page.close();
  }, 120_000);

  test('catalog and course pages ship at most 30 KB of compressed JavaScript', async () => {
    const page = await context.newPage();
    const catalog = await gzippedJs(page, '/courses');
    await page.locator('.card h3 a').first().click();
    const coursePath = new URL(page.url()).pathname;
    const course = await gzippedJs(page, coursePath);
    console.error(`[browser] gzipped JS: catalog ${catalog} B, course ${course} B`);
    expect(catalog).toBeLessThanOrEqual(30 * 1024);
    expect(course).toBeLessThanOrEqual(30 * 1024);
    await page.close();
  }, 60_000);

  test('an instructor creates and publishes a course that then appears in the catalog', async () => {
    await context.clearCookies();
    const page = await context.newPage();
    await logIn(page, 'instructor@example.com', 'instructor-password');
    await page.goto(`${origin}/studio`);
    await shot(page, '20-studio');
    await expectAccessible(page);

    // The API's validation messages appear next to their fields.
    await page.getByLabel('Title').fill('');
    await page.getByRole('button', { name: 'Create' }).click();
    expect((await page.locator('#title-error').textContent())?.trim()).not.toBe('');
    await shot(page, '21-studio-validation');

    const title = `Browser-made course ${Date.now()}`;
    await page.getByLabel('Title').fill(title);
    await page.getByLabel('Description').fill('A course created by the browser test, end to end.');
    await page.getByLabel('Price (minor units)').fill('1500');
    await page.getByLabel('Currency').fill('USD');
    await page.getByRole('button', { name: 'Create' }).click();
    await page.waitForURL(/\/studio\/[^/]+$/);
    for (const lesson of ['First steps', 'Second steps']) {
      await page.getByLabel('Title').first().fill(lesson);
      await page.getByLabel('Content (Markdown)').fill(`# ${lesson}\n\nSome **bold** text.`);
      await page.getByRole('button', { name: 'Add lesson' }).click();
      await page.waitForLoadState('load');
    }
    await page.getByRole('button', { name: 'Move down: First steps' }).click();
    await page.waitForLoadState('load');
    expect(await page.locator('ol li').first().textContent()).toContain('Second steps');
    await shot(page, '22-studio-lessons');
    await page.getByRole('button', { name: 'Publish' }).click();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain('Published');
    await shot(page, '23-published');

    await page.goto(`${origin}/courses?q=${encodeURIComponent('Browser-made')}`);
    await page.getByRole('link', { name: title }).waitFor();
    await shot(page, '24-in-catalog');
    await page.close();
  }, 60_000);

  test('an instructor edits and deletes lessons, then archives and unpublishes the course', async () => {
    await context.clearCookies();
    const page = await context.newPage();
    await logIn(page, 'instructor@example.com', 'instructor-password');
    await page.goto(`${origin}/studio`);
    const title = `Course to retire ${Date.now()}`;
    await page.getByLabel('Title').fill(title);
    await page.getByLabel('Description').fill('Edited, trimmed, published, then archived.');
    await page.getByLabel('Price (minor units)').fill('700');
    await page.getByLabel('Currency').fill('EUR');
    await page.getByRole('button', { name: 'Create' }).click();
    await page.waitForURL(/\/studio\/[^/]+$/);
    const courseUrl = page.url();
    for (const lesson of ['Keep me', 'Drop me']) {
      await page.getByLabel('Title').first().fill(lesson);
      await page.getByLabel('Content (Markdown)').fill(`# ${lesson}`);
      await page.getByRole('button', { name: 'Add lesson' }).click();
      await page.waitForLoadState('load');
    }

    // A lesson's title and content change on its own page.
    await page.getByRole('link', { name: 'Edit lesson: Keep me' }).click();
    await page.waitForURL(/\/lessons\/[^/]+$/);
    await expectAccessible(page);
    expect(await page.getByLabel('Content (Markdown)').inputValue()).toBe('# Keep me');
    await page.getByLabel('Title').fill('Kept and renamed');
    await page.getByLabel('Content (Markdown)').fill('# Renamed\n\nA new body.');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(courseUrl);
    expect(await page.locator('ol li').first().textContent()).toContain('Kept and renamed');
    await shot(page, '25-studio-lesson-edited');

    await page.getByRole('link', { name: 'Edit lesson: Drop me' }).click();
    await page.getByRole('button', { name: 'Delete lesson' }).click();
    await page.waitForURL(courseUrl);
    expect(await page.locator('ol li').count()).toBe(1);
    await page.getByRole('button', { name: 'Publish' }).click();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain('Published');

    // A published course keeps its last lesson: the API's 409 is shown.
    await page.getByRole('link', { name: 'Edit lesson: Kept and renamed' }).click();
    await page.getByRole('button', { name: 'Delete lesson' }).click();
    await page.getByRole('alert').waitFor();

    await page.goto(courseUrl);
    await page.getByRole('button', { name: 'Archive' }).click();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain('Archived');
    await page.locator('[data-testid=archived-note]').waitFor();
    await shot(page, '26-studio-archived');
    await page.goto(`${origin}/courses?q=${encodeURIComponent('Course to retire')}`);
    expect(await page.getByRole('link', { name: title }).count()).toBe(0);
    // Its page stays (for those who own it), with nothing to buy.
    await page.goto(courseUrl.replace('/studio/', '/courses/'));
    await page.locator('[data-testid=not-for-sale]').waitFor();
    expect(await page.getByRole('button', { name: /^Buy/ }).count()).toBe(0);

    await page.goto(courseUrl);
    await page.getByRole('button', { name: 'Unpublish' }).click();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain('Draft');
    await page.close();
  }, 60_000);

  test('a learner cannot open the studio; sessions refresh transparently and log out', async () => {
    await context.clearCookies();
    const page = await context.newPage();
    await logIn(page, 'learner@example.com', 'learner-password');
    const response = await page.goto(`${origin}/studio`);
    expect(response?.status()).toBe(403);
    await page.locator('[data-testid=forbidden]').waitFor();
    expect(await page.getByRole('button', { name: 'Create' }).count()).toBe(0);
    await shot(page, '30-learner-studio');

    // An expired access cookie is replaced transparently from the refresh token.
    await context.clearCookies({ name: 'edu_at' });
    await page.goto(`${origin}/me/courses`);
    expect(new URL(page.url()).pathname).toBe('/me/courses');
    expect((await context.cookies(origin)).some((c) => c.name === 'edu_at')).toBe(true);

    // Logging out clears the session and revokes the refresh token at the API.
    const refreshToken = (await context.cookies(origin)).find((c) => c.name === 'edu_rt')?.value;
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.waitForURL(`${origin}/`);
    expect((await context.cookies(origin)).some((c) => c.name.startsWith('edu_rt'))).toBe(false);
    await page.getByRole('link', { name: 'Log in' }).waitFor();
    const reuse = await fetch(`${origin}/api/v1/auth/refresh`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ refresh_token: refreshToken }),
    });
    expect(reuse.status).toBe(401);
    await page.close();
  }, 60_000);

  test('login page is accessible; a cross-site form post is refused', async () => {
    await context.clearCookies();
    const page = await context.newPage();
    await page.goto(`${origin}/login`);
    await expectAccessible(page);
    const forged = await fetch(`${origin}/logout`, {
      method: 'POST',
      headers: { origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded' },
      body: '_csrf=guess',
      redirect: 'manual',
    });
    expect(forged.status).toBe(403);
    await page.close();
  }, 60_000);

  test('a learner reads and marks notifications, edits the profile and preferences, subscribes to a plan', async () => {
    await context.clearCookies();
    const page = await context.newPage();
    await page.goto(`${origin}/register`);
    const email = `subscriber-${Date.now()}@example.com`;
    await page.getByLabel('Name').fill('Sam Subscriber');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill('subscriber-password');
    await page.getByRole('button', { name: 'Sign up' }).click();
    await page.waitForURL(/\/courses$/);

    // The welcome notification arrives by event; it is listed, unread, and can be marked read.
    const markRead = page.getByRole('button', { name: 'Mark read' });
    for (let attempt = 0; attempt < 50; attempt++) {
      await page.goto(`${origin}/notifications`);
      if ((await markRead.count()) > 0) break;
      await Bun.sleep(200);
    }
    expect(await markRead.count()).toBeGreaterThan(0);
    expect(await page.locator('main li').count()).toBeGreaterThan(0);
    await shot(page, '50-notifications');
    await expectAccessible(page);
    const unread = await markRead.count();
    await Promise.all([page.waitForURL(`${origin}/notifications`), markRead.first().click()]);
    expect(await page.getByRole('button', { name: 'Mark read' }).count()).toBe(unread - 1);

    // Profile: the name and the notification preferences are saved through the API.
    await page.goto(`${origin}/profile`);
    await expectAccessible(page);
    await page.getByLabel('Name').fill('Samantha Subscriber');
    const emailPref = page.getByLabel('Email', { exact: true });
    const pushPref = page.getByLabel('Push');
    expect(await emailPref.isChecked()).toBe(true);
    await emailPref.uncheck();
    await pushPref.check();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Saved.').waitFor();
    await page.goto(`${origin}/profile`);
    expect(await page.getByLabel('Name').inputValue()).toBe('Samantha Subscriber');
    expect(await page.getByLabel('Email', { exact: true }).isChecked()).toBe(false);
    expect(await page.getByLabel('Push').isChecked()).toBe(true);
    await shot(page, '51-profile-saved');

    // An invalid name comes back as the API's field message next to the field.
    await page.getByLabel('Name').fill('');
    await page.getByLabel('Name').evaluate((input) => input.removeAttribute('required'));
    await page.getByRole('button', { name: 'Save' }).click();
    expect((await page.locator('#name-error').textContent())?.trim()).not.toBe('');

    // Subscribe: a plan opens every course, so the course page says the visitor has access.
    await page.goto(`${origin}/courses`);
    await page.locator('.card h3 a').first().click();
    await page.waitForURL(/\/courses\/[^/]+$/);
    const courseUrl = page.url();
    const subscribe = page.getByRole('button', { name: /^Subscribe: All access, monthly/ });
    await subscribe.waitFor();
    await shot(page, '52-plans');
    await expectAccessible(page);
    await Promise.all([page.waitForURL(courseUrl), subscribe.click()]);
    await page.getByText('You have access to this course.').waitFor();
    await shot(page, '53-subscribed');
    // With a subscription every published course is among "My courses" (the seed has three).
    await page.goto(`${origin}/me/courses`);
    expect(await page.locator('[data-testid=percent]').count()).toBeGreaterThanOrEqual(3);
    await page.close();
  }, 90_000);

  test('an instructor’s studio lists their drafts and published courses', async () => {
    await context.clearCookies();
    const page = await context.newPage();
    await logIn(page, 'instructor@example.com', 'instructor-password');
    await page.goto(`${origin}/studio`);
    const title = `Draft from the studio ${Date.now()}`;
    await page.getByLabel('Title').fill(title);
    await page.getByLabel('Description').fill('Stays a draft.');
    await page.getByLabel('Price (minor units)').fill('900');
    await page.getByLabel('Currency').fill('EUR');
    await page.getByRole('button', { name: 'Create' }).click();
    await page.waitForURL(/\/studio\/[^/]+$/);

    // A fresh session (no cookie remembers anything): the list comes from the API.
    await context.clearCookies();
    await logIn(page, 'instructor@example.com', 'instructor-password');
    await page.goto(`${origin}/studio`);
    const drafts = page.locator('[data-testid=studio-drafts]');
    await drafts.getByRole('link', { name: title }).waitFor();
    expect(await page.locator('[data-testid=studio-published] li').count()).toBeGreaterThan(0);
    expect(await page.locator('[data-testid=studio-published]').textContent()).not.toContain(title);
    await shot(page, '60-studio-drafts');
    await expectAccessible(page);
    await page.close();
  }, 60_000);

  test('an admin manages roles and lists, filters and refunds payments', async () => {
    // A learner buys a course first, so there is a payment to refund.
    await context.clearCookies();
    const page = await context.newPage();
    await page.goto(`${origin}/register`);
    const email = `buyer-${Date.now()}@example.com`;
    await page.getByLabel('Name').fill('Bo Buyer');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill('buyer-password');
    await page.getByRole('button', { name: 'Sign up' }).click();
    await page.waitForURL(/\/courses$/);
    await page.locator('.card h3 a').first().click();
    await page.waitForURL(/\/courses\/[^/]+$/);
    const courseTitle = (await page.getByRole('heading', { level: 1 }).textContent()) ?? '';
    await page.getByRole('button', { name: /^Buy for/ }).click();
    await page.getByText('You have access to this course.').waitFor();

    await context.clearCookies();
    await logIn(page, 'admin@example.com', 'admin-password');
    await page.goto(`${origin}/admin`);
    await shot(page, '70-admin');
    await expectAccessible(page);

    // Roles: make the buyer an instructor; the page shows it after a reload.
    const buyerRow = page.locator('tr', { hasText: email });
    await buyerRow.getByLabel('instructor').check();
    await buyerRow.getByRole('button', { name: `Save: ${email}` }).click();
    await page.getByText('Saved.').waitFor();
    await page.goto(`${origin}/admin`);
    expect(await page.locator('tr', { hasText: email }).getByLabel('instructor').isChecked()).toBe(true);

    // Payments: every user's, with the buyer's email and the course title.
    const payments = page.locator('[data-testid=payments]');
    const paymentRow = payments.locator('tr', { hasText: email });
    await paymentRow.waitFor();
    expect(await paymentRow.textContent()).toContain(courseTitle);
    expect(await paymentRow.locator('[data-testid=payment-status]').textContent()).toBe('Succeeded');

    // Filtering by status keeps only matching payments.
    await page.getByLabel('Status').selectOption('refunded');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.waitForURL(/status=refunded/);
    expect(await page.locator('[data-testid=payments] tr', { hasText: email }).count()).toBe(0);

    // Refund from the list: the row turns refunded and its button goes away.
    await page.goto(`${origin}/admin`);
    await page
      .locator('[data-testid=payments] tr', { hasText: email })
      .getByRole('button', { name: /^Refund:/ })
      .click();
    await page.getByText('Refunded.').waitFor();
    const refundedRow = page.locator('[data-testid=payments] tr', { hasText: email });
    expect(await refundedRow.locator('[data-testid=payment-status]').textContent()).toBe('Refunded');
    expect(await refundedRow.getByRole('button', { name: /^Refund:/ }).count()).toBe(0);
    await shot(page, '71-admin-refunded');
    await page.getByLabel('Status').selectOption('refunded');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.waitForURL(/status=refunded/);
    await page.locator('[data-testid=payments] tr', { hasText: email }).waitFor();
    await expectAccessible(page);

    // A learner gets 403 from the admin page.
    await context.clearCookies();
    await logIn(page, 'learner@example.com', 'learner-password');
    expect((await page.goto(`${origin}/admin`))?.status()).toBe(403);
    await page.close();
  }, 90_000);

  test('the Russian locale renders translated pages', async () => {
    await context.clearCookies();
    const page = await context.newPage();
    await page.goto(`${origin}/courses`);
    await page.getByRole('link', { name: 'Русский' }).click();
    await page.waitForURL(/\/courses/);
    expect(await page.locator('html').getAttribute('lang')).toBe('ru');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Каталог');
    await page.getByRole('button', { name: 'Найти' }).waitFor();
    // Prices through Intl for the locale: "59,00 €" in Russian.
    expect(await page.locator('.card').first().textContent()).toMatch(/\d,\d{2}\s/);
    await shot(page, '40-russian-catalog');
    await page.close();
  }, 60_000);

  test('the 404 page and the API reference run under their CSP; no page reported a violation', async () => {
    await context.clearCookies();
    const page = await context.newPage();
    const missing = await page.goto(`${origin}/no-such-page`);
    expect(missing?.status()).toBe(404);
    await page.getByRole('heading', { level: 1, name: 'Not found.' }).waitFor();
    await shot(page, '80-not-found');

    // There is no network to jsDelivr here: a stand-in answers for the pinned Scalar bundle, so
    // what is checked is that the page's own two scripts (bundle tag, start call) pass its policy.
    await page.route(SCALAR_BUNDLE_URL, (route) =>
      route.fulfill({
        contentType: 'text/javascript',
        body: 'window.Scalar = { createApiReference: (at) => { document.querySelector(at).textContent = "started"; } };',
      }),
    );
    await page.goto(`${origin}/docs`);
    await page.locator('#app', { hasText: 'started' }).waitFor();
    await page.close();

    expect(cspViolations).toEqual([]);
  }, 60_000);
});
