import { afterAll, beforeAll } from 'bun:test';
import { createECDH, randomBytes } from 'node:crypto';
import { asCaller } from '@edu/platform/testing';
import { describeRouteSecurity, type TestCaller } from '@edu/platform/testing/security';
import { coursePublished, SERVICE_TEST_TIMEOUT_MS, startNotifications, userCreated } from './support.ts';

/**
 * The shared security cases over every route the service documents as protected: a learner's
 * own notifications, preferences, push subscriptions and realtime tickets; a partner's own
 * webhook subscriptions and their deliveries (scope `webhooks:manage`, never a user token).
 */
let subject: Awaited<ReturnType<typeof startNotifications>>;
const learner: TestCaller = { sub: 'security-learner', roles: ['user'] };
const partner: TestCaller = {
  sub: 'security@clients',
  roles: [],
  kind: 'client',
  scopes: ['webhooks:manage'],
};
const fixtures = { notificationId: '', subscriptionId: '', doomedSubscriptionId: '', deliveryId: '' };

/** A browser's push subscription: keys of the sizes RFC 8291 encrypts with. */
function browserSubscription() {
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  return {
    endpoint: 'https://push.example/security',
    keys: { p256dh: ecdh.getPublicKey().toString('base64url'), auth: randomBytes(16).toString('base64url') },
  };
}

async function asPartner(method: string, path: string, body?: unknown) {
  const response = await subject.app.request(path, {
    method,
    headers: { ...(await asCaller(partner)), 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return (await response.json()) as Record<string, unknown> & { items: Array<{ id: string }> };
}

beforeAll(async () => {
  subject = await startNotifications({ env: { WEBHOOK_TARGETS: 'any' } });
  await subject.deliver(userCreated(learner.sub));
  const feed = await subject.app.request('/api/v1/notifications', { headers: await asCaller(learner) });
  fixtures.notificationId = ((await feed.json()) as { items: Array<{ id: string }> }).items[0]?.id ?? '';
  const subscription = { url: 'http://127.0.0.1:9/hook', events: ['course.published'] };
  fixtures.subscriptionId = String((await asPartner('POST', '/api/v1/partner/webhooks', subscription)).id);
  fixtures.doomedSubscriptionId = String(
    (await asPartner('POST', '/api/v1/partner/webhooks', subscription)).id,
  );
  await subject.deliver(coursePublished('security-course'));
  const log = await asPartner('GET', `/api/v1/partner/webhooks/${fixtures.subscriptionId}/deliveries`);
  fixtures.deliveryId = log.items[0]?.id ?? '';
}, SERVICE_TEST_TIMEOUT_MS);
afterAll(async () => {
  await subject.close();
});

const webhooks = '/api/v1/partner/webhooks';
const asUser = { caller: () => learner };

describeRouteSecurity({
  service: 'notifications',
  subject: () => subject,
  owner: () => learner,
  routes: [
    { operation: 'GET /api/v1/notifications', request: () => ({ path: '/api/v1/notifications' }) },
    {
      operation: 'POST /api/v1/notifications/{id}/read',
      request: () => ({ path: `/api/v1/notifications/${fixtures.notificationId}/read` }),
      otherUser: 404,
    },
    {
      operation: 'GET /api/v1/notifications/preferences',
      request: () => ({ path: '/api/v1/notifications/preferences' }),
    },
    {
      operation: 'PUT /api/v1/notifications/preferences',
      request: () => ({
        path: '/api/v1/notifications/preferences',
        body: { email: true, push: true, inApp: true },
      }),
    },
    {
      operation: 'POST /api/v1/notifications/push-subscriptions',
      request: () => ({ path: '/api/v1/notifications/push-subscriptions', body: browserSubscription() }),
      status: 201,
    },
    {
      operation: 'POST /api/v1/realtime/ticket',
      request: () => ({ path: '/api/v1/realtime/ticket' }),
      status: 201,
    },
    {
      operation: 'POST /api/v1/partner/webhooks',
      request: () => ({
        path: webhooks,
        body: { url: 'http://127.0.0.1:9/other', events: ['course.completed'] },
      }),
      owner: () => partner,
      forbidden: asUser,
      status: 201,
    },
    {
      operation: 'GET /api/v1/partner/webhooks',
      request: () => ({ path: webhooks }),
      owner: () => partner,
      forbidden: asUser,
    },
    {
      operation: 'GET /api/v1/partner/webhooks/{id}',
      request: () => ({ path: `${webhooks}/${fixtures.subscriptionId}` }),
      owner: () => partner,
      forbidden: asUser,
      otherUser: 404,
    },
    {
      operation: 'PATCH /api/v1/partner/webhooks/{id}',
      request: () => ({ path: `${webhooks}/${fixtures.subscriptionId}`, body: { description: 'checked' } }),
      owner: () => partner,
      forbidden: asUser,
      otherUser: 404,
    },
    {
      operation: 'DELETE /api/v1/partner/webhooks/{id}',
      request: () => ({ path: `${webhooks}/${fixtures.doomedSubscriptionId}` }),
      owner: () => partner,
      forbidden: asUser,
      otherUser: 404,
      status: 204,
    },
    {
      operation: 'GET /api/v1/partner/webhooks/{id}/deliveries',
      request: () => ({ path: `${webhooks}/${fixtures.subscriptionId}/deliveries` }),
      owner: () => partner,
      forbidden: asUser,
      otherUser: 404,
    },
    {
      operation: 'POST /api/v1/partner/webhooks/{id}/deliveries/{deliveryId}/redeliver',
      request: () => ({
        path: `${webhooks}/${fixtures.subscriptionId}/deliveries/${fixtures.deliveryId}/redeliver`,
      }),
      owner: () => partner,
      forbidden: asUser,
      otherUser: 404,
      status: 202,
    },
  ],
  exempt: {
    'GET /api/v1/realtime':
      'the WebSocket upgrade: the socket endpoint answers it, refusing a missing, used or expired ticket with 401 (realtime.test.ts)',
  },
});
