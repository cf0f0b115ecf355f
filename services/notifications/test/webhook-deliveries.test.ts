import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { newId } from '@edu/contracts';
import { asCaller } from '@edu/platform/testing';
import { eq } from 'drizzle-orm';
import { webhookDeliveries, webhookSubscriptions } from '../src/db/schema.ts';
import { startDeliveryWorker } from '../src/delivery-worker.ts';
import { dispatchWebhooks } from '../src/webhooks/dispatcher.ts';
import { verifyEduWebhook } from '../src/webhooks/verify-signature.ts';
import {
  coursePublished,
  coursePurchased,
  envelope,
  SERVICE_TEST_TIMEOUT_MS,
  startNotifications,
} from './helpers.ts';

/** What the receiver saw of one request, and whether the README's verification code accepts it. */
interface Received {
  path: string;
  webhookId: string | null;
  timestamp: string | null;
  signature: string | null;
  contentType: string | null;
  raw: string;
  verified: boolean;
}

/**
 * A real HTTP receiver on 127.0.0.1 (hence WEBHOOK_TARGETS=any). Each path answers from its
 * queue of statuses (then 200) and checks signatures with the secret registered for it.
 */
const received: Received[] = [];
const answers = new Map<string, Response[]>();
const secrets = new Map<string, string>();
let receiver: ReturnType<typeof Bun.serve>;
let subject: Awaited<ReturnType<typeof startNotifications>>;

beforeAll(async () => {
  receiver = Bun.serve({
    hostname: '127.0.0.1',
    port: 0,
    fetch: async (request) => {
      const path = new URL(request.url).pathname;
      const raw = await request.text();
      const signature = request.headers.get('Edu-Signature');
      received.push({
        path,
        webhookId: request.headers.get('Edu-Webhook-Id'),
        timestamp: request.headers.get('Edu-Webhook-Timestamp'),
        signature,
        contentType: request.headers.get('Content-Type'),
        raw,
        verified: verifyEduWebhook(raw, signature, secrets.get(path) ?? ''),
      });
      return answers.get(path)?.shift() ?? new Response('thanks');
    },
  });
  subject = await startNotifications({ env: { WEBHOOK_TARGETS: 'any' } });
}, SERVICE_TEST_TIMEOUT_MS);
afterAll(async () => {
  await receiver.stop(true);
  await subject.close();
});

const partner = (sub: string) => asCaller({ sub, roles: [], kind: 'client', scopes: ['webhooks:manage'] });

/** Subscribes `sub` with a receiver path of its own; returns the subscription id. */
async function subscribe(sub: string, path: string, events: string[]): Promise<string> {
  const response = await subject.app.request('/api/v1/partner/webhooks', {
    method: 'POST',
    headers: { ...(await partner(sub)), 'content-type': 'application/json' },
    body: JSON.stringify({ url: `http://127.0.0.1:${receiver.port}${path}`, events }),
  });
  expect(response.status).toBe(201);
  const body = (await response.json()) as { id: string; secret: string };
  secrets.set(path, body.secret);
  return body.id;
}

type LogEntry = Record<string, unknown> & { id: string; attempts: number; status: string };

async function deliveryLog(sub: string, subscriptionId: string): Promise<LogEntry[]> {
  const response = await subject.app.request(`/api/v1/partner/webhooks/${subscriptionId}/deliveries`, {
    headers: await partner(sub),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { items: LogEntry[] }).items;
}

/** Dispatches only this subscription's deliveries, at `now` (the injectable clock). */
async function dispatchFor(subscriptionId: string, now = new Date()) {
  const rows = await subject.deps.db
    .select({ id: webhookDeliveries.id })
    .from(webhookDeliveries)
    .where(eq(webhookDeliveries.subscriptionId, subscriptionId));
  return dispatchWebhooks(subject.deps.db, subject.runtime, { now, ids: rows.map((row) => row.id) });
}

const at = (path: string) => received.filter((request) => request.path === path);

describe('a real delivery', () => {
  test('arrives signed, with the documented headers and payload, and the receiver verifies it', async () => {
    const id = await subscribe('real@clients', '/real', ['course.published']);
    const event = coursePublished(newId(), { title: 'Signed & sealed' });
    expect(await subject.deliver(event)).toBe(true);
    expect(await dispatchFor(id)).toEqual({ succeeded: 1, retried: 0, failed: 0 });
    const [request] = at('/real');
    expect(request?.verified).toBe(true);
    expect(request?.contentType).toBe('application/json');
    expect(request?.webhookId).toBe(event.id);
    expect(request?.signature).toMatch(new RegExp(`^t=${request?.timestamp},v1=[0-9a-f]{64}$`));
    expect(JSON.parse(request?.raw ?? '')).toEqual({
      id: event.id,
      type: 'course.published',
      createdAt: event.metadata.timestamp,
      data: {
        courseId: event.data.courseId,
        title: 'Signed & sealed',
        priceCents: 4900,
        currency: 'EUR',
        lessonCount: 3,
      },
    });
    const [entry] = await deliveryLog('real@clients', id);
    expect(entry).toMatchObject({
      eventId: event.id,
      eventType: 'course.published',
      status: 'succeeded',
      attempts: 1,
      lastStatusCode: 200,
      lastError: null,
      lastResponseBody: 'thanks',
      nextAttemptAt: null,
    });
    expect(typeof entry?.deliveredAt).toBe('string');
    expect(typeof entry?.lastDurationMs).toBe('number');
  });

  test('an event handled twice, or published to an inactive subscription, is queued once / not at all', async () => {
    const active = await subscribe('dedup@clients', '/dedup', ['course.published']);
    const paused = await subscribe('dedup@clients', '/paused', ['course.published']);
    await subject.app.request(`/api/v1/partner/webhooks/${paused}`, {
      method: 'PATCH',
      headers: { ...(await partner('dedup@clients')), 'content-type': 'application/json' },
      body: JSON.stringify({ active: false }),
    });
    const event = coursePublished(newId());
    expect(await subject.deliver(event)).toBe(true);
    // The bus delivers at least once: the inbox (and the unique (subscription, event) key) make it once.
    expect(await subject.deliver(event)).toBe(false);
    expect(await deliveryLog('dedup@clients', active)).toHaveLength(1);
    expect(await deliveryLog('dedup@clients', paused)).toHaveLength(0);
  });
});

describe('retries', () => {
  test('500 then 200: retried on the backoff schedule with the same event id, body and a fresh valid signature', async () => {
    const id = await subscribe('flaky@clients', '/flaky', ['course.published']);
    answers.set('/flaky', [new Response('x'.repeat(5000), { status: 500 })]);
    const event = coursePublished(newId());
    await subject.deliver(event);
    const start = new Date();
    expect(await dispatchFor(id, start)).toEqual({ succeeded: 0, retried: 1, failed: 0 });
    const [failed] = await deliveryLog('flaky@clients', id);
    expect(failed).toMatchObject({
      status: 'pending',
      attempts: 1,
      lastStatusCode: 500,
      lastError: 'The receiver answered 500',
    });
    expect(String(failed?.lastResponseBody ?? '')).toHaveLength(1024);
    const due = new Date(failed?.nextAttemptAt as string).getTime() - start.getTime();
    expect(due).toBeGreaterThanOrEqual(54_000);
    expect(due).toBeLessThanOrEqual(66_000);

    // Not due yet: nothing is sent.
    expect(await dispatchFor(id, new Date(start.getTime() + 30_000))).toEqual({
      succeeded: 0,
      retried: 0,
      failed: 0,
    });
    expect(await dispatchFor(id, new Date(start.getTime() + 2 * 60_000))).toEqual({
      succeeded: 1,
      retried: 0,
      failed: 0,
    });
    const requests = at('/flaky');
    expect(requests).toHaveLength(2);
    expect(requests.map((request) => request.webhookId)).toEqual([event.id, event.id]);
    expect(requests[1]?.raw).toBe(requests[0]?.raw ?? '');
    expect(requests.every((request) => request.verified)).toBe(true);
    expect(await deliveryLog('flaky@clients', id)).toMatchObject([
      { status: 'succeeded', attempts: 2, lastStatusCode: 200, lastError: null },
    ]);
  });

  test('a receiver that keeps failing gets 8 tries over 24 h, then the delivery is failed; redelivery tries once more', async () => {
    const id = await subscribe('down@clients', '/down', ['course.published']);
    answers.set(
      '/down',
      Array.from({ length: 9 }, () => new Response('down', { status: 503 })),
    );
    await subject.deliver(coursePublished(newId()));
    const start = Date.now();
    let now = new Date(start);
    for (let round = 0; round < 20; round++) {
      await dispatchFor(id, now);
      const [entry] = await deliveryLog('down@clients', id);
      if (entry?.status !== 'pending') break;
      now = new Date(entry.nextAttemptAt as string);
    }
    const [final] = await deliveryLog('down@clients', id);
    expect(final).toMatchObject({ status: 'failed', attempts: 8, lastStatusCode: 503, nextAttemptAt: null });
    expect(now.getTime() - start).toBeGreaterThanOrEqual(24 * 3_600_000 - 1_000);
    expect(at('/down')).toHaveLength(8);

    const redeliver = await subject.app.request(
      `/api/v1/partner/webhooks/${id}/deliveries/${final?.id}/redeliver`,
      { method: 'POST', headers: await partner('down@clients') },
    );
    expect(redeliver.status).toBe(202);
    expect(await redeliver.json()).toMatchObject({ id: final?.id, status: 'pending', attempts: 8 });
    // Still answering 503 (and the clock still past the 24 h window): one try, failed again.
    expect(await dispatchFor(id, now)).toEqual({ succeeded: 0, retried: 0, failed: 1 });
    await subject.app.request(`/api/v1/partner/webhooks/${id}/deliveries/${final?.id}/redeliver`, {
      method: 'POST',
      headers: await partner('down@clients'),
    });
    expect(await dispatchFor(id, now)).toEqual({ succeeded: 1, retried: 0, failed: 0 });
    const ids = new Set(at('/down').map((request) => request.webhookId));
    expect(ids.size).toBe(1);
    expect(at('/down')).toHaveLength(10);
    expect(await deliveryLog('down@clients', id)).toMatchObject([{ status: 'succeeded', attempts: 10 }]);
  });

  test('a redirect is a failure and is not followed', async () => {
    const id = await subscribe('redirect@clients', '/moved', ['course.published']);
    answers.set('/moved', [
      new Response(null, {
        status: 302,
        headers: { location: `http://127.0.0.1:${receiver.port}/elsewhere` },
      }),
    ]);
    await subject.deliver(coursePublished(newId()));
    expect(await dispatchFor(id)).toEqual({ succeeded: 0, retried: 1, failed: 0 });
    expect(at('/elsewhere')).toHaveLength(0);
    expect(await deliveryLog('redirect@clients', id)).toMatchObject([
      { lastStatusCode: 302, lastError: 'The receiver redirected (302); redirects are not followed' },
    ]);
  });

  test('an unreachable receiver is a failed attempt with the reason', async () => {
    const closed = Bun.serve({ hostname: '127.0.0.1', port: 0, fetch: () => new Response('') });
    const port = closed.port;
    await closed.stop(true);
    const created = await subject.app.request('/api/v1/partner/webhooks', {
      method: 'POST',
      headers: { ...(await partner('gone@clients')), 'content-type': 'application/json' },
      body: JSON.stringify({ url: `http://127.0.0.1:${port}/`, events: ['course.published'] }),
    });
    const { id } = (await created.json()) as { id: string };
    await subject.deliver(coursePublished(newId()));
    expect(await dispatchFor(id)).toEqual({ succeeded: 0, retried: 1, failed: 0 });
    const [entry] = await deliveryLog('gone@clients', id);
    expect(entry?.lastStatusCode).toBeNull();
    expect(entry?.lastError).toStartWith('Request failed:');
  });
});

describe('a receiver that does not answer', () => {
  test('is cut off at the timeout: a failed attempt, retried later', async () => {
    const silent = Bun.serve({
      hostname: '127.0.0.1',
      port: 0,
      fetch: () => new Promise<Response>(() => {}),
    });
    try {
      const created = await subject.app.request('/api/v1/partner/webhooks', {
        method: 'POST',
        headers: { ...(await partner('silent@clients')), 'content-type': 'application/json' },
        body: JSON.stringify({ url: `http://127.0.0.1:${silent.port}/`, events: ['course.published'] }),
      });
      const { id } = (await created.json()) as { id: string };
      await subject.deliver(coursePublished(newId()));
      const rows = await subject.deps.db
        .select({ id: webhookDeliveries.id })
        .from(webhookDeliveries)
        .where(eq(webhookDeliveries.subscriptionId, id));
      const report = await dispatchWebhooks(subject.deps.db, subject.runtime, {
        ids: rows.map((row) => row.id),
        timeoutMs: 200,
      });
      expect(report).toEqual({ succeeded: 0, retried: 1, failed: 0 });
      const [entry] = await deliveryLog('silent@clients', id);
      expect(entry).toMatchObject({
        status: 'pending',
        lastStatusCode: null,
        lastError: 'No answer within 0.2 s',
      });
      expect(entry?.lastDurationMs).toBeGreaterThanOrEqual(150);
    } finally {
      await silent.stop(true);
    }
  });
});

describe('who hears about a learner', () => {
  const grant = (userId: string, courseId: string, extra: Record<string, unknown>) =>
    envelope('COURSE_ACCESS_GRANTED', { userId, courseId, ...extra });

  test('purchases and completions reach only the partners that enrolled the learner in that course, until unenrolled', async () => {
    const enrolling = await subscribe('school-a@clients', '/school-a', [
      'course.purchased',
      'course.completed',
    ]);
    const other = await subscribe('school-b@clients', '/school-b', ['course.purchased', 'course.completed']);
    const learner = newId();
    const stranger = newId();
    await subject.deliver(
      grant(learner, 'course-1', { reason: 'enrollment', partnerId: 'school-a@clients' }),
    );
    // A purchase grant names no partner; it makes nobody a listener.
    await subject.deliver(grant(stranger, 'course-1', { reason: 'purchase', paymentId: 'pay-1' }));

    const purchase = coursePurchased(learner, 'course-1');
    await subject.deliver(purchase);
    await subject.deliver(coursePurchased(stranger, 'course-1'));
    // The learner's other courses are not the partner's business.
    await subject.deliver(coursePurchased(learner, 'course-2'));
    const completed = (userId: string) =>
      envelope('COURSE_COMPLETED', {
        userId,
        courseId: 'course-1',
        completedAt: new Date().toISOString(),
        certificateId: 'cert-1',
      });
    const completion = completed(learner);
    await subject.deliver(completion);
    await subject.deliver(completed(stranger));

    const log = await deliveryLog('school-a@clients', enrolling);
    expect(log.map((entry) => entry.eventId)).toEqual([completion.id, purchase.id]);
    const firstPage = await subject.app.request(`/api/v1/partner/webhooks/${enrolling}/deliveries?limit=1`, {
      headers: await partner('school-a@clients'),
    });
    const page = (await firstPage.json()) as { items: LogEntry[]; nextCursor: string | null };
    expect(page.items.map((entry) => entry.eventId)).toEqual([completion.id]);
    const secondPage = await subject.app.request(
      `/api/v1/partner/webhooks/${enrolling}/deliveries?limit=1&cursor=${page.nextCursor}`,
      { headers: await partner('school-a@clients') },
    );
    expect(await secondPage.json()).toMatchObject({ items: [{ eventId: purchase.id }], nextCursor: null });
    expect(await deliveryLog('school-b@clients', other)).toEqual([]);

    await dispatchFor(enrolling);
    const bodies = at('/school-a').map((request) => JSON.parse(request.raw));
    expect(bodies).toContainEqual({
      id: purchase.id,
      type: 'course.purchased',
      createdAt: purchase.metadata.timestamp,
      data: { courseId: 'course-1', userId: learner, amountCents: 4900, currency: 'EUR' },
    });
    expect(bodies).toContainEqual({
      id: completion.id,
      type: 'course.completed',
      createdAt: completion.metadata.timestamp,
      data: {
        courseId: 'course-1',
        userId: learner,
        completedAt: completion.data.completedAt,
        certificateId: 'cert-1',
      },
    });

    await subject.deliver(
      envelope('COURSE_ACCESS_REVOKED', {
        userId: learner,
        courseId: 'course-1',
        reason: 'enrollment',
        partnerId: 'school-a@clients',
      }),
    );
    await subject.deliver(completed(learner));
    expect(await deliveryLog('school-a@clients', enrolling)).toHaveLength(2);
  });
});

describe('several dispatchers', () => {
  test('running at once, they send each due delivery once', async () => {
    const id = await subscribe('busy@clients', '/busy', ['course.published']);
    for (let index = 0; index < 6; index++) await subject.deliver(coursePublished(newId()));
    const rows = await subject.deps.db
      .select({ id: webhookDeliveries.id })
      .from(webhookDeliveries)
      .where(eq(webhookDeliveries.subscriptionId, id));
    const ids = rows.map((row) => row.id);
    const reports = await Promise.all(
      [1, 2, 3].map(() => dispatchWebhooks(subject.deps.db, subject.runtime, { ids, limit: 4 })),
    );
    const sentNow = reports.reduce((sum, report) => sum + report.succeeded, 0);
    // Whatever the first round left (limit 4 each) goes in the next.
    const rest = await dispatchWebhooks(subject.deps.db, subject.runtime, { ids });
    expect(sentNow + rest.succeeded).toBe(6);
    expect(at('/busy')).toHaveLength(6);
    expect(new Set(at('/busy').map((request) => request.webhookId)).size).toBe(6);
  });
});

describe('the worker loop', () => {
  test('started with the notification delivery worker, it sends due webhooks and stops cleanly', async () => {
    const id = await subscribe('loop@clients', '/loop', ['course.published']);
    await subject.deliver(coursePublished(newId()));
    const worker = startDeliveryWorker({
      db: subject.deps.db,
      logger: subject.deps.logger,
      runtime: subject.runtime,
      intervalMs: 20,
    });
    const status = async () => {
      const [row] = await subject.deps.db
        .select({ status: webhookDeliveries.status })
        .from(webhookDeliveries)
        .where(eq(webhookDeliveries.subscriptionId, id));
      return row?.status;
    };
    try {
      for (let waited = 0; waited < 5_000 && (await status()) !== 'succeeded'; waited += 20)
        await Bun.sleep(20);
    } finally {
      await worker.stop();
    }
    expect(at('/loop')).toHaveLength(1);
    expect(await status()).toBe('succeeded');
  });

  test('stopping aborts a request in flight; the delivery stays pending for a later try', async () => {
    const id = await subscribe('hang@clients', '/hang', ['course.published']);
    answers.set('/hang', []);
    const hanging = Bun.serve({
      hostname: '127.0.0.1',
      port: 0,
      fetch: () => new Promise<Response>(() => {}),
    });
    await subject.deps.db
      .update(webhookSubscriptions)
      .set({ url: `http://127.0.0.1:${hanging.port}/hang` })
      .where(eq(webhookSubscriptions.id, id));
    await subject.deliver(coursePublished(newId()));
    const worker = startDeliveryWorker({
      db: subject.deps.db,
      logger: subject.deps.logger,
      runtime: subject.runtime,
      intervalMs: 20,
    });
    try {
      await Bun.sleep(300);
      const started = performance.now();
      await worker.stop();
      expect(performance.now() - started).toBeLessThan(2_000);
      const [row] = await subject.deps.db
        .select()
        .from(webhookDeliveries)
        .where(eq(webhookDeliveries.subscriptionId, id));
      expect(row).toMatchObject({ status: 'pending', attempts: 1, lastError: 'Interrupted by shutdown' });
    } finally {
      await hanging.stop(true);
    }
  });
});
