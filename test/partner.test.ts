import { afterAll, beforeAll, expect, test } from 'bun:test';
import { type RunningJobs, startJobs } from '@edu/platform/runner';
import { silentLogger } from '@edu/platform/testing';
import type { Platform } from '../scripts/lib/platform.ts';
import { verifyEduWebhook } from '../services/notifications/src/domain/verify-webhook.ts';
import {
  callApi,
  eventually,
  gatewayRequest,
  STARTUP_TIMEOUT_MS,
  signIn,
  startTestPlatform,
} from './support.ts';

/**
 * The partner API end to end, through the gateway only: an admin creates partner clients, a
 * partner takes client-credentials tokens, enrolls a learner, and reads progress reports, which
 * show only the learners that partner enrolled, and receives signed webhooks about them.
 */
let platform: Platform;
let jobs: RunningJobs;
/** What the partner's webhook receiver (a real HTTP server on loopback) got. */
const received: Array<{ body: string; verified: boolean; eventId: string | null }> = [];
let webhookSecret = '';
const receiver = Bun.serve({
  hostname: '127.0.0.1',
  port: 0,
  async fetch(request) {
    const body = await request.text();
    received.push({
      body,
      // The verification code the README documents for partners.
      verified: verifyEduWebhook(body, request.headers.get('edu-signature'), webhookSecret),
      eventId: request.headers.get('edu-webhook-id'),
    });
    return new Response(null, { status: 204 });
  },
});

beforeAll(async () => {
  // The receiver is on loopback: allow it, as local development does (production refuses it).
  platform = await startTestPlatform({ WEBHOOK_TARGETS: 'any' });
  // Mail, push and webhook deliveries, as npm start runs them.
  jobs = startJobs(platform.jobs, silentLogger);
  await platform.seed();
}, STARTUP_TIMEOUT_MS);
afterAll(async () => {
  await jobs.stop();
  await platform.close();
  await receiver.stop(true);
});

type Json = Record<string, unknown>;
const call = (path: string, init?: Parameters<typeof callApi>[2]) => callApi(platform, path, init);
const login = (email: string, password: string) => signIn(platform, email, password);

/** A new partner client with `scopes`, made by the demo admin; answers a token for it. */
async function partnerToken(admin: string, name: string, scopes: string[]): Promise<string> {
  const created = await call('/api/v1/auth/clients', {
    method: 'POST',
    token: admin,
    body: { name, scopes },
  });
  expect(created.status).toBe(201);
  // The standard form: form-encoded body, client_secret_basic.
  const basic = btoa(`${String(created.body.clientId)}:${String(created.body.clientSecret)}`);
  const response = await gatewayRequest(platform, '/api/v1/auth/token', {
    method: 'POST',
    headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials' }),
  });
  expect(response.status).toBe(200);
  const token = (await response.json()) as { access_token: string; scope: string };
  expect(token.scope.split(' ').sort()).toEqual([...scopes].sort());
  return token.access_token;
}

test('a partner enrolls a learner and reads progress only for the learners it enrolled', async () => {
  const admin = await login('admin@example.com', 'admin-password');
  const acme = await partnerToken(admin, 'Acme', ['enrollments:write', 'progress:read', 'webhooks:manage']);
  const globex = await partnerToken(admin, 'Globex', ['enrollments:write', 'progress:read']);
  const enrollOnly = await partnerToken(admin, 'Initech', ['enrollments:write']);

  const catalog = await call('/api/v1/courses?limit=1');
  const course = (catalog.body.items as Json[])[0] as Json;
  const courseId = String(course.id);

  const subscribed = await call('/api/v1/partner/webhooks', {
    method: 'POST',
    token: acme,
    body: { url: `http://127.0.0.1:${receiver.port}/hooks`, events: ['course.completed'] },
  });
  expect(subscribed.status).toBe(201);
  webhookSecret = String(subscribed.body.secret);

  const enrolled = await call('/api/v1/partner/enrollments', {
    method: 'POST',
    token: acme,
    body: { courseId, email: 'Learner@Example.com' },
  });
  expect(enrolled.status).toBe(201);
  expect(enrolled.headers.get('ratelimit-limit')).toBeTruthy();
  const learnerId = String(enrolled.body.userId);

  // Without progress:read: 403; a user token: 403; no token: 401.
  expect((await call('/api/v1/partner/progress', { token: enrollOnly })).status).toBe(403);
  const learner = await login('learner@example.com', 'learner-password');
  expect((await call('/api/v1/partner/progress', { token: learner })).status).toBe(403);
  expect((await call('/api/v1/partner/progress')).status).toBe(401);

  // The seat opens the course: the learner completes every lesson.
  const lessons = await call(`/api/v1/courses/${courseId}/lessons`, { token: learner });
  for (const lesson of lessons.body.items as Json[]) {
    const marked = await eventually(
      () =>
        call(`/api/v1/progress/lessons/${String(lesson.id)}`, { method: 'POST', token: learner, body: {} }),
      (response) => response.status === 200,
    );
    expect(marked.status).toBe(200);
  }

  const report = await eventually(
    () => call(`/api/v1/partner/progress?courseId=${courseId}`, { token: acme }),
    (response) => ((response.body.items as Json[]) ?? []).some((row) => row.status === 'completed'),
  );
  expect(report.status).toBe(200);
  const rows = report.body.items as Json[];
  expect(rows.map((row) => row.userId)).toEqual([learnerId]);
  expect(rows[0]).toMatchObject({ courseId, percent: 100, status: 'completed' });

  // The partner's receiver gets a signed course.completed delivery about its learner.
  await eventually(
    async () => received.length,
    (count) => count > 0,
  );
  const delivery = received[0];
  expect(delivery?.verified).toBe(true);
  const payload = JSON.parse(delivery?.body ?? '{}') as Json;
  expect(payload).toMatchObject({ type: 'course.completed', data: { userId: learnerId, courseId } });
  expect(delivery?.eventId).toBe(String(payload.id));

  // Another partner sees none of Acme's learners.
  const other = await call('/api/v1/partner/progress', { token: globex });
  expect(other.status).toBe(200);
  expect(other.body.items).toEqual([]);
}, 60_000);
