import { afterAll, beforeAll, expect, test } from 'bun:test';
import { asCaller } from '@edu/platform/testing';
import { deliverPending } from '../services/notifications/src/operations/deliveries.ts';
import { listMailbox } from '../services/notifications/src/operations/dev-mailbox.ts';
import { startNotifications, userCreated } from '../services/notifications/test/support.ts';
import { COURSES } from '../services/payments/test/support/courses.ts';
import {
  type PaymentsUnderTest,
  STARTUP_TIMEOUT_MS,
  startPayments,
  stripeProviderAt,
} from '../services/payments/test/support/harness.ts';
import { type StripeStandIn, startStripeStandIn } from '../services/payments/test/support/stripe-stand-in.ts';
import {
  deliverWebhook,
  paymentIntentObject,
  stripeEvent,
} from '../services/payments/test/support/stripe-webhooks.ts';

/**
 * A declined card, from Stripe's webhook to the learner: the payments service (Stripe played by
 * the stand-in) publishes PAYMENT_FAILED, and the notifications service, handed that very event
 * as the bus hands it, tells the learner in-app and by email, with a link back to the course.
 */
let stand: StripeStandIn;
let payments: PaymentsUnderTest;
let notifications: Awaited<ReturnType<typeof startNotifications>>;
beforeAll(async () => {
  stand = startStripeStandIn();
  payments = await startPayments({ provider: stripeProviderAt(stand.url) });
  notifications = await startNotifications();
}, STARTUP_TIMEOUT_MS);
afterAll(async () => {
  await notifications.close();
  await payments.close();
  await stand.stop();
});

const learner = { sub: 'user-declined', roles: ['user' as const] };

async function inbox() {
  const response = await notifications.app.request('/api/v1/notifications', {
    headers: await asCaller(learner),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { items: Array<Record<string, unknown>> }).items;
}

test('a declined payment notifies the learner in-app and by email, with a way to retry; redelivery changes nothing', async () => {
  await notifications.deliver(userCreated(learner.sub, { email: 'declined@example.com', name: 'Dana' }));
  const bought = await payments.call('POST', `/api/v1/payments/courses/${COURSES.typescript.id}`, {
    as: learner,
  });
  expect(bought.status).toBe(201);
  const paymentId = String(bought.json.id);
  const declined = stripeEvent('payment_intent.payment_failed', paymentIntentObject(paymentId));
  expect((await deliverWebhook(payments, declined)).json.outcome).toBe('applied');

  const [failed] = await payments.events('PAYMENT_FAILED');
  if (!failed) throw new Error('payments published no PAYMENT_FAILED');
  expect(await notifications.deliver(failed)).toBe(true);

  const retryUrl = `http://localhost:8787/courses/${COURSES.typescript.id}`;
  const [notification] = (await inbox()).filter((item) => item.type === 'payment_failed');
  expect(notification).toMatchObject({
    title: 'Payment failed',
    readAt: null,
    data: { courseId: COURSES.typescript.id, paymentId, reason: 'insufficient_funds', retryUrl },
  });
  expect(String(notification?.body)).toContain(retryUrl);

  await deliverPending(notifications.deps.db, notifications.runtime, { channel: 'email' });
  const mails = (await listMailbox(notifications.deps.db, { to: 'declined@example.com' })).filter(
    (mail) => mail.subject === 'Your payment did not go through',
  );
  expect(mails).toHaveLength(1);
  expect(mails[0]?.html).toContain(`href="${retryUrl}"`);
  expect(mails[0]?.text).toContain(`Try again: ${retryUrl}`);

  // Stripe retries its webhook, and the bus may hand the event over twice: still one of each.
  expect((await deliverWebhook(payments, declined)).json.outcome).toBe('duplicate');
  expect(await payments.events('PAYMENT_FAILED')).toHaveLength(1);
  expect(await notifications.deliver(failed)).toBe(false);
  await deliverPending(notifications.deps.db, notifications.runtime, { channel: 'email' });
  expect((await inbox()).filter((item) => item.type === 'payment_failed')).toHaveLength(1);
  expect(
    (await listMailbox(notifications.deps.db, { to: 'declined@example.com' })).filter(
      (mail) => mail.subject === 'Your payment did not go through',
    ),
  ).toHaveLength(1);
}, 60_000);
