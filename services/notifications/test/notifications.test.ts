import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { newId } from '@edu/contracts';
import { asCaller } from '@edu/platform/testing';
import { eq } from 'drizzle-orm';
import { outbox } from '../src/db/schema.ts';
import { deliverPending } from '../src/operations/deliveries.ts';
import { listMailbox } from '../src/operations/dev-mailbox.ts';
import {
  coursePurchased,
  envelope,
  SERVICE_TEST_TIMEOUT_MS,
  startNotifications,
  userCreated,
} from './support.ts';

type Subject = Awaited<ReturnType<typeof startNotifications>>;
let subject: Subject;

beforeAll(async () => {
  subject = await startNotifications();
});
afterAll(async () => {
  await subject.close();
});

const asUser = (sub: string) => asCaller({ sub, roles: ['user'] });

async function list(userId: string, query = '') {
  const response = await subject.app.request(`/api/v1/notifications${query}`, {
    headers: await asUser(userId),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as { items: Array<Record<string, unknown>>; nextCursor: string | null };
}

async function mailTo(email: string) {
  await deliverPending(subject.deps.db, subject.runtime, { channel: 'email' });
  return listMailbox(subject.deps.db, { to: email });
}

describe('registration', () => {
  test('yields exactly one welcome email and one in-app notification, even when redelivered', async () => {
    const userId = newId();
    const event = userCreated(userId, { email: 'ada@example.com', name: 'Ada' });
    expect(await subject.deliver(event)).toBe(true);
    expect(await subject.deliver(event)).toBe(false);
    // A redelivery under a new event id of the same registration is a different cause; the inbox path is per id.
    const mails = await mailTo('ada@example.com');
    expect(mails).toHaveLength(1);
    expect(mails[0]?.subject).toBe('Welcome to the Learning Platform');
    expect(mails[0]?.html).toContain('Hi Ada,');
    expect(mails[0]?.text).toContain('Your account is ready');
    const feed = await list(userId);
    expect(feed.items).toHaveLength(1);
    expect(feed.items[0]).toMatchObject({ type: 'welcome', title: 'Welcome!', readAt: null });
    const sent = await subject.deps.db.select().from(outbox).where(eq(outbox.type, 'NOTIFICATION_SENT'));
    const mine = sent.filter((row) => JSON.stringify(row.envelope).includes(userId));
    expect(mine).toHaveLength(1);
    expect(mine[0]?.envelope).toMatchObject({
      data: { userId, type: 'welcome', channels: ['email', 'in_app'] },
      metadata: { causationId: event.id, source: 'notifications' },
    });
  });

  test('a Russian-speaking user gets the Russian template, with the name escaped', async () => {
    const userId = newId();
    await subject.deliver(
      userCreated(userId, { email: 'ivan@example.com', name: 'Иван <b>', locale: 'ru-RU' }),
    );
    const [mail] = await mailTo('ivan@example.com');
    expect(mail?.subject).toBe('Добро пожаловать на учебную платформу');
    expect(mail?.html).toContain('Здравствуйте, Иван &lt;b&gt;!');
    expect(mail?.html).not.toContain('<b>');
  });

  test('a user who never chose a locale (e.g. a seeded demo account) gets the English welcome', async () => {
    const userId = newId();
    expect(await subject.deliver(userCreated(userId, { email: 'nolocale@example.com', locale: null }))).toBe(
      true,
    );
    const [mail] = await mailTo('nolocale@example.com');
    expect(mail?.subject).toBe('Welcome to the Learning Platform');
  });

  test('email preference off: in-app only, no email', async () => {
    const userId = newId();
    const put = await subject.app.request('/api/v1/notifications/preferences', {
      method: 'PUT',
      headers: { ...(await asUser(userId)), 'content-type': 'application/json' },
      body: JSON.stringify({ email: false, push: true, inApp: true }),
    });
    expect(put.status).toBe(200);
    await subject.deliver(userCreated(userId, { email: 'quiet@example.com' }));
    expect(await mailTo('quiet@example.com')).toHaveLength(0);
    expect((await list(userId)).items).toHaveLength(1);
  });
});

describe('preferences', () => {
  test('default to every channel on, and save what is put', async () => {
    const userId = newId();
    const headers = await asUser(userId);
    const initial = await subject.app.request('/api/v1/notifications/preferences', { headers });
    expect(await initial.json()).toEqual({ email: true, push: true, inApp: true });
    await subject.app.request('/api/v1/notifications/preferences', {
      method: 'PUT',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({ email: true, push: false, inApp: false }),
    });
    const saved = await subject.app.request('/api/v1/notifications/preferences', { headers });
    expect(await saved.json()).toEqual({ email: true, push: false, inApp: false });
  });

  test('reject a wrong shape (400) and anonymous callers (401)', async () => {
    const invalid = await subject.app.request('/api/v1/notifications/preferences', {
      method: 'PUT',
      headers: { ...(await asUser(newId())), 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'yes', push: true, inApp: true }),
    });
    expect(invalid.status).toBe(400);
    const anonymous = await subject.app.request('/api/v1/notifications/preferences');
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('content-type')).toBe('application/problem+json');
  });
});

describe('the in-app feed', () => {
  test('purchase, refund, completion and subscription events each yield their notification with data', async () => {
    const userId = newId();
    await subject.deliver(userCreated(userId));
    await subject.deliver(coursePurchased(userId, 'course-1'));
    await subject.deliver(
      envelope('COURSE_COMPLETED', {
        userId,
        courseId: 'course-1',
        completedAt: new Date().toISOString(),
        certificateId: 'cert-1',
      }),
    );
    const refund = {
      paymentId: 'p1',
      refundId: 'r1',
      userId,
      courseId: 'course-1',
      amountCents: 4900,
      currency: 'EUR',
    };
    await subject.deliver(envelope('PAYMENT_REFUNDED', refund));
    const subscription = { subscriptionId: 's1', userId, planId: 'monthly' };
    await subject.deliver(envelope('SUBSCRIPTION_CREATED', subscription));
    await subject.deliver(envelope('SUBSCRIPTION_CANCELED', subscription));
    const feed = await list(userId);
    expect(feed.items.map((item) => item.type)).toEqual([
      'subscription_canceled',
      'subscription_started',
      'refund_processed',
      'course_completed',
      'purchase_confirmation',
      'welcome',
    ]);
    expect(feed.items[3]?.data).toEqual({ courseId: 'course-1', certificateId: 'cert-1' });
    expect(feed.items[4]?.data).toMatchObject({ courseId: 'course-1' });
  });

  test('pages newest first with a cursor, and filters unread', async () => {
    const userId = newId();
    for (let index = 0; index < 5; index++) await subject.deliver(coursePurchased(userId, `course-${index}`));
    const first = await list(userId, '?limit=2');
    expect(first.items.map((item) => (item.data as { courseId: string }).courseId)).toEqual([
      'course-4',
      'course-3',
    ]);
    expect(first.nextCursor).not.toBeNull();
    const second = await list(userId, `?limit=2&cursor=${first.nextCursor}`);
    expect(second.items.map((item) => (item.data as { courseId: string }).courseId)).toEqual([
      'course-2',
      'course-1',
    ]);
    const last = await list(userId, `?limit=2&cursor=${second.nextCursor}`);
    expect(last.items).toHaveLength(1);
    expect(last.nextCursor).toBeNull();

    const read = await subject.app.request(`/api/v1/notifications/${first.items[0]?.id}/read`, {
      method: 'POST',
      headers: await asUser(userId),
    });
    expect(read.status).toBe(200);
    const body = (await read.json()) as { readAt: string | null };
    expect(typeof body.readAt).toBe('string');
    const unread = await list(userId, '?unread=true');
    expect(unread.items).toHaveLength(4);
  });

  test("user A can neither see nor mark user B's notifications (404)", async () => {
    const a = newId();
    const b = newId();
    await subject.deliver(userCreated(b));
    const [notification] = (await list(b)).items;
    expect((await list(a)).items).toHaveLength(0);
    const stolen = await subject.app.request(`/api/v1/notifications/${notification?.id}/read`, {
      method: 'POST',
      headers: await asUser(a),
    });
    expect(stolen.status).toBe(404);
    expect(stolen.headers.get('content-type')).toBe('application/problem+json');
    expect((await list(b, '?unread=true')).items).toHaveLength(1);
    const anonymous = await subject.app.request(`/api/v1/notifications/${notification?.id}/read`, {
      method: 'POST',
    });
    expect(anonymous.status).toBe(401);
  });

  test('in-app preference off: nothing in the feed', async () => {
    const userId = newId();
    await subject.app.request('/api/v1/notifications/preferences', {
      method: 'PUT',
      headers: { ...(await asUser(userId)), 'content-type': 'application/json' },
      body: JSON.stringify({ email: true, push: true, inApp: false }),
    });
    await subject.deliver(coursePurchased(userId, 'course-x'));
    expect((await list(userId)).items).toHaveLength(0);
  });

  test('USER_UPDATED changes the contact data later mail uses', async () => {
    const userId = newId();
    await subject.deliver(userCreated(userId, { email: 'old@example.com' }));
    const updated = { userId, email: 'new@example.com', name: 'Новое имя', locale: 'ru', roles: ['user'] };
    await subject.deliver(envelope('USER_UPDATED', updated));
    await subject.deliver(coursePurchased(userId, 'course-y'));
    const [mail] = await mailTo('new@example.com');
    expect(mail?.subject).toBe('Покупка курса подтверждена');
  });
});

describe('dev mailbox and template preview', () => {
  test('the mailbox is listed as JSON and as a page, and templates preview in both locales', async () => {
    const json = await subject.app.request('/api/v1/notifications/dev/mailbox');
    expect(json.status).toBe(200);
    expect(((await json.json()) as { items: unknown[] }).items.length).toBeGreaterThan(0);
    // A malformed query is the documented 400 problem.
    const malformed = await subject.app.request(
      '/api/v1/notifications/dev/mailbox?to=a@example.com&to=b@example.com',
    );
    expect(malformed.status).toBe(400);
    expect(malformed.headers.get('content-type')).toBe('application/problem+json');
    const page = await subject.app.request('/api/v1/notifications/dev/mailbox.html');
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toContain('Dev mailbox');
    const preview = await subject.app.request(
      '/api/v1/notifications/dev/mail-templates/course_completed?locale=ru',
    );
    const html = await preview.text();
    expect(html).toContain('Ada &lt;Lovelace&gt;');
    expect(html).toContain('cert-456');
  });

  test(
    'the dev routes do not exist with a real mail transport',
    async () => {
      const smtp = await startNotifications({
        env: { MAIL_TRANSPORT: 'smtp', SMTP_URL: 'smtp://127.0.0.1:2525' },
      });
      try {
        expect((await smtp.app.request('/api/v1/notifications/dev/mailbox')).status).toBe(404);
      } finally {
        await smtp.close();
      }
    },
    SERVICE_TEST_TIMEOUT_MS,
  );
});
