import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { newId } from '@edu/contracts';
import { asCaller } from '@edu/platform/testing';
import { eq, inArray } from 'drizzle-orm';
import { lookupAllAddresses } from '../src/adapters/webhooks/target-guard.ts';
import { webhookDeliveries, webhookSubscriptions } from '../src/db/schema.ts';
import { MAX_SUBSCRIPTIONS_PER_PARTNER } from '../src/domain/partner-webhooks.ts';
import { dispatchWebhooks } from '../src/operations/webhook-dispatch.ts';
import { coursePublished, SERVICE_TEST_TIMEOUT_MS, startNotifications } from './support.ts';

/**
 * The subscription API with the production guard (WEBHOOK_TARGETS=public). Host names resolve
 * through a table the tests control (anything else through real DNS), and every outgoing
 * request is recorded instead of sent.
 */
const dns = new Map<string, string[]>([
  ['partner.example', ['93.184.215.14']],
  ['rebind.example', ['93.184.215.15']],
]);
const sent: string[] = [];
let subject: Awaited<ReturnType<typeof startNotifications>>;

beforeAll(async () => {
  subject = await startNotifications({
    adapters: {
      lookupHost: async (host) => dns.get(host) ?? lookupAllAddresses(host),
      fetch: async (url) => {
        sent.push(url);
        return new Response('ok');
      },
    },
  });
}, SERVICE_TEST_TIMEOUT_MS);
afterAll(async () => {
  await subject.close();
});

const partner = (sub: string, scopes = ['webhooks:manage']) =>
  asCaller({ sub, roles: [], kind: 'client', scopes });

async function call(
  path: string,
  init: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
) {
  const response = await subject.app.request(path, {
    method: init.method ?? 'GET',
    headers: { ...(init.headers ?? (await partner('p1@clients'))), 'content-type': 'application/json' },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  const text = await response.text();
  return {
    status: response.status,
    type: response.headers.get('content-type'),
    body: text ? JSON.parse(text) : null,
  };
}

async function subscribe(sub: string, body: Record<string, unknown>) {
  return call('/api/v1/partner/webhooks', { method: 'POST', body, headers: await partner(sub) });
}

describe('managing subscriptions', () => {
  test('create shows the secret once; get, list, patch and delete work on the own subscription', async () => {
    const created = await subscribe('crud@clients', {
      url: 'https://partner.example/hooks',
      events: ['course.published', 'course.completed', 'course.published'],
      description: 'LMS sync',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      url: 'https://partner.example/hooks',
      events: ['course.published', 'course.completed'],
      description: 'LMS sync',
      active: true,
    });
    expect(created.body.secret).toMatch(/^whsec_[\w-]{43}$/);
    const id = created.body.id as string;
    const headers = await partner('crud@clients');

    const read = await call(`/api/v1/partner/webhooks/${id}`, { headers });
    expect(read.status).toBe(200);
    expect(read.body.secret).toBeUndefined();
    expect(read.body).toEqual({ ...created.body, secret: undefined });

    const changed = await call(`/api/v1/partner/webhooks/${id}`, {
      method: 'PATCH',
      headers,
      body: { events: ['course.purchased'], active: false, description: null },
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ events: ['course.purchased'], active: false, description: null });

    const deleted = await call(`/api/v1/partner/webhooks/${id}`, { method: 'DELETE', headers });
    expect(deleted.status).toBe(204);
    expect((await call(`/api/v1/partner/webhooks/${id}`, { headers })).status).toBe(404);
  });

  test('the list pages newest first and holds only the caller’s subscriptions', async () => {
    const ids: string[] = [];
    for (let index = 0; index < 3; index++) {
      const created = await subscribe('lister@clients', {
        url: `https://partner.example/${index}`,
        events: ['course.published'],
      });
      ids.push(created.body.id);
    }
    await subscribe('someone-else@clients', {
      url: 'https://partner.example/x',
      events: ['course.published'],
    });
    const headers = await partner('lister@clients');
    const first = await call('/api/v1/partner/webhooks?limit=2', { headers });
    expect(first.status).toBe(200);
    expect(first.body.items.map((item: { id: string }) => item.id)).toEqual([ids[2], ids[1]]);
    expect(first.body.items[0].secret).toBeUndefined();
    const second = await call(`/api/v1/partner/webhooks?limit=2&cursor=${first.body.nextCursor}`, {
      headers,
    });
    expect(second.body).toMatchObject({ items: [{ id: ids[0] }], nextCursor: null });
    expect((await call('/api/v1/partner/webhooks?limit=0', { headers })).status).toBe(400);
  });

  test('bad input is a 400 problem naming the field', async () => {
    const cases = [
      { events: ['course.published'] },
      { url: 'https://partner.example/', events: [] },
      { url: 'https://partner.example/', events: ['course.deleted'] },
      { url: 'https://partner.example/', events: ['course.published'], description: 'x'.repeat(501) },
      { url: 'https://partner.example/', events: ['course.published'], description: 'a\u0000b' },
      { url: 'not a url', events: ['course.published'] },
    ];
    for (const body of cases) {
      const response = await subscribe('bad@clients', body);
      expect({ body, status: response.status, type: response.type }).toEqual({
        body,
        status: 400,
        type: 'application/problem+json',
      });
      expect(response.body.errors.length).toBeGreaterThan(0);
    }
  });

  test(`a partner may keep at most ${MAX_SUBSCRIPTIONS_PER_PARTNER} subscriptions (409)`, async () => {
    for (let index = 0; index < MAX_SUBSCRIPTIONS_PER_PARTNER; index++) {
      expect(
        (await subscribe('busy@clients', { url: 'https://partner.example/', events: ['course.published'] }))
          .status,
      ).toBe(201);
    }
    const over = await subscribe('busy@clients', {
      url: 'https://partner.example/',
      events: ['course.published'],
    });
    expect(over.status).toBe(409);
  });
});

describe('who may call', () => {
  test('anonymous: 401; a user token or a client without the scope: 403 — before the body is read', async () => {
    const routes: Array<[string, string]> = [
      ['POST', '/api/v1/partner/webhooks'],
      ['GET', '/api/v1/partner/webhooks'],
      ['GET', `/api/v1/partner/webhooks/${newId()}`],
      ['PATCH', `/api/v1/partner/webhooks/${newId()}`],
      ['DELETE', `/api/v1/partner/webhooks/${newId()}`],
      ['GET', `/api/v1/partner/webhooks/${newId()}/deliveries`],
      ['POST', `/api/v1/partner/webhooks/${newId()}/deliveries/${newId()}/redeliver`],
    ];
    const callers: Array<[number, Record<string, string>]> = [
      [401, {}],
      [403, await asCaller({ sub: 'u1', roles: ['user', 'admin'] })],
      [403, await partner('p1@clients', ['progress:read'])],
      [
        403,
        await asCaller({
          sub: 'gateway',
          roles: [],
          kind: 'client',
          scopes: ['internal', 'webhooks:manage'],
        }),
      ],
    ];
    for (const [method, path] of routes) {
      for (const [status, headers] of callers) {
        const response = await call(path, { method, headers, body: { nonsense: true } });
        expect({ method, path, status: response.status, type: response.type }).toEqual({
          method,
          path,
          status,
          type: 'application/problem+json',
        });
      }
    }
  });

  test("another partner's subscription and its deliveries are 404 for every operation", async () => {
    const created = await subscribe('owner@clients', {
      url: 'https://partner.example/',
      events: ['course.published'],
    });
    const id = created.body.id as string;
    await subject.deliver(coursePublished(newId()));
    const [delivery] = await subject.deps.db
      .select()
      .from(webhookDeliveries)
      .where(eq(webhookDeliveries.subscriptionId, id));
    if (!delivery) throw new Error('expected a delivery');
    const headers = await partner('intruder@clients');
    const attempts: Array<[string, string, unknown?]> = [
      ['GET', `/api/v1/partner/webhooks/${id}`],
      ['PATCH', `/api/v1/partner/webhooks/${id}`, { active: false }],
      ['DELETE', `/api/v1/partner/webhooks/${id}`],
      ['GET', `/api/v1/partner/webhooks/${id}/deliveries`],
      ['POST', `/api/v1/partner/webhooks/${id}/deliveries/${delivery.id}/redeliver`],
    ];
    for (const [method, path, body] of attempts) {
      const response = await call(path, { method, headers, body });
      expect({ method, status: response.status, type: response.type }).toEqual({
        method,
        status: 404,
        type: 'application/problem+json',
      });
    }
    const intact = await call(`/api/v1/partner/webhooks/${id}`, { headers: await partner('owner@clients') });
    expect(intact.body.active).toBe(true);
    expect((await call('/api/v1/partner/webhooks', { headers })).body.items).toEqual([]);
  });
});

describe('the SSRF guard (WEBHOOK_TARGETS=public)', () => {
  test('refuses loopback, private and plain-http targets with a 400 on `url`, and sends nothing', async () => {
    const refused = [
      'https://localhost/hook',
      'https://127.0.0.1/hook',
      'https://10.0.0.1/hook',
      'https://[::1]/hook',
      'https://169.254.169.254/latest/meta-data',
      'http://example.com/hook',
    ];
    for (const url of refused) {
      const response = await subscribe('ssrf@clients', { url, events: ['course.published'] });
      expect({ url, status: response.status, path: response.body.errors?.[0]?.path }).toEqual({
        url,
        status: 400,
        path: 'url',
      });
    }
    const ok = await subscribe('ssrf@clients', {
      url: 'https://partner.example/hook',
      events: ['course.published'],
    });
    expect(ok.status).toBe(201);
    const patched = await call(`/api/v1/partner/webhooks/${ok.body.id}`, {
      method: 'PATCH',
      headers: await partner('ssrf@clients'),
      body: { url: 'https://127.0.0.1/hook' },
    });
    expect(patched.status).toBe(400);
    expect(
      (await call(`/api/v1/partner/webhooks/${ok.body.id}`, { headers: await partner('ssrf@clients') })).body
        .url,
    ).toBe('https://partner.example/hook');
    const list = await call('/api/v1/partner/webhooks', { headers: await partner('ssrf@clients') });
    expect(list.body.items).toHaveLength(1);
  });

  test('subscriptions saved under a looser setting are checked again at delivery: nothing leaves', async () => {
    const urls = ['https://localhost/h', 'https://127.0.0.1/h', 'https://10.0.0.1/h', 'http://example.com/h'];
    const ids = urls.map(() => newId());
    await subject.deps.db.insert(webhookSubscriptions).values(
      urls.map((url, index) => ({
        id: ids[index] ?? newId(),
        partnerId: 'legacy@clients',
        url,
        events: ['course.published'],
        secret: 'whsec_legacy',
      })),
    );
    await subject.deliver(coursePublished(newId()));
    const before = sent.length;
    const rows = await subject.deps.db
      .select({ id: webhookDeliveries.id })
      .from(webhookDeliveries)
      .where(inArray(webhookDeliveries.subscriptionId, ids));
    expect(rows).toHaveLength(4);
    const report = await dispatchWebhooks(subject.deps.db, subject.runtime, {
      ids: rows.map((row) => row.id),
    });
    expect(report).toEqual({ succeeded: 0, retried: 4, failed: 0 });
    expect(sent.slice(before)).toEqual([]);
    const errors = await subject.deps.db
      .select({ url: webhookSubscriptions.url, error: webhookDeliveries.lastError })
      .from(webhookDeliveries)
      .innerJoin(webhookSubscriptions, eq(webhookSubscriptions.id, webhookDeliveries.subscriptionId))
      .where(inArray(webhookDeliveries.subscriptionId, ids));
    expect(Object.fromEntries(errors.map((row) => [row.url, row.error]))).toEqual({
      // 127.0.0.1 and/or ::1, as the machine's resolver has it.
      'https://localhost/h': expect.stringMatching(
        /^The host localhost resolves to a non-public address \(.+\); nothing was sent$/,
      ),
      'https://127.0.0.1/h':
        'The URL must not point to a loopback, private or reserved address; nothing was sent',
      'https://10.0.0.1/h':
        'The URL must not point to a loopback, private or reserved address; nothing was sent',
      'http://example.com/h': 'The URL must be an https URL; nothing was sent',
    });
  });

  test('a host that resolves to a private address by delivery time (DNS rebinding) gets nothing', async () => {
    const created = await subscribe('rebind@clients', {
      url: 'https://rebind.example/hook',
      events: ['course.published'],
    });
    expect(created.status).toBe(201);
    dns.set('rebind.example', ['93.184.215.15', '127.0.0.1']);
    const before = sent.length;
    await subject.deliver(coursePublished(newId()));
    await dispatchWebhooks(subject.deps.db, subject.runtime, { limit: 1000 });
    expect(sent.slice(before).filter((url) => url.includes('rebind.example'))).toEqual([]);
    const log = await call(`/api/v1/partner/webhooks/${created.body.id}/deliveries`, {
      headers: await partner('rebind@clients'),
    });
    expect(log.body.items[0]).toMatchObject({
      status: 'pending',
      attempts: 1,
      lastStatusCode: null,
      lastError: 'The host rebind.example resolves to a non-public address (127.0.0.1); nothing was sent',
    });
  });
});
