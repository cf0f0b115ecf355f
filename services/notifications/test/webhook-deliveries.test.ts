import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { newId } from '@edu/contracts';
import { eq } from 'drizzle-orm';
import { webhookDeliveries } from '../src/db/schema.ts';
import { dispatchWebhooks } from '../src/operations/webhook-dispatch.ts';
import {
  partner,
  startWebhookReceiver,
  type WebhookReceiver,
  webhookSteps,
} from './support/webhook-receiver.ts';
import { coursePublished, SERVICE_TEST_TIMEOUT_MS, startNotifications } from './support.ts';

/**
 * Deliveries to a real HTTP receiver: signed as documented, retried on the schedule, cut off when
 * the receiver does not answer. (Who gets which event: webhook-audience.test.ts; the dispatcher's
 * concurrency and its job: webhook-dispatchers.test.ts.)
 */
let subject: Awaited<ReturnType<typeof startNotifications>>;
let receiver: WebhookReceiver;
const { subscribe, deliveryLog, dispatchFor } = webhookSteps(
  () => subject,
  () => receiver,
);
const at = (path: string) => receiver.at(path);

beforeAll(async () => {
  receiver = startWebhookReceiver();
  subject = await startNotifications({ env: { WEBHOOK_TARGETS: 'any' } });
}, SERVICE_TEST_TIMEOUT_MS);
afterAll(async () => {
  await receiver.stop();
  await subject.close();
});

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
    receiver.answers.set('/flaky', [new Response('x'.repeat(5000), { status: 500 })]);
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
    receiver.answers.set(
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
    receiver.answers.set('/moved', [
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
