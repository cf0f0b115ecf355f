import { afterAll, beforeAll, expect, test } from 'bun:test';
import { newId } from '@edu/contracts';
import { listMailbox } from '../src/mail/dev-mailbox.ts';
import type { RealtimeMessage } from '../src/realtime/hub.ts';
import { NotificationService } from '../src/service.ts';
import { startNotifications } from './helpers.ts';

let subject: Awaited<ReturnType<typeof startNotifications>>;
let service: NotificationService;
beforeAll(async () => {
  subject = await startNotifications();
  service = new NotificationService(subject.deps.db, subject.runtime);
});
afterAll(async () => {
  await subject.close();
});

test('sendEmail renders the template in the given locale and sends it at once', async () => {
  await service.sendEmail('direct@example.com', 'subscription_started', { name: 'Пётр', locale: 'ru' });
  const [mail] = await listMailbox(subject.deps.db, { to: 'direct@example.com' });
  expect(mail?.subject).toBe('Подписка активна');
  expect(mail?.from).toBe(subject.runtime.config.MAIL_FROM);
});

test('sendInAppNotification stores it and pushes it to the user’s listeners', async () => {
  const userId = newId();
  const received: RealtimeMessage[] = [];
  const stop = subject.runtime.hub.subscribe(userId, (message) => received.push(message));
  const notification = await service.sendInAppNotification(userId, {
    type: 'announcement',
    title: 'Hi',
    body: 'News',
  });
  stop();
  expect(received).toEqual([{ type: 'notification', data: notification }]);
  expect(notification).toMatchObject({
    type: 'announcement',
    title: 'Hi',
    body: 'News',
    data: {},
    readAt: null,
  });
});

test('sendPush to a user without subscriptions does nothing', async () => {
  await service.sendPush(newId(), { title: 'x', body: 'y' });
});
