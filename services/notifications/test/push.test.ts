import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { createDecipheriv, createECDH, hkdfSync, randomBytes } from 'node:crypto';
import { newId } from '@edu/contracts';
import { asCaller } from '@edu/platform/testing';
import { eq } from 'drizzle-orm';
import { pushSubscriptions } from '../src/db/schema.ts';
import { deliverPending } from '../src/operations/deliveries.ts';
import { coursePurchased, startNotifications } from './support.ts';

const b64url = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');
const fromB64url = (text: string) => new Uint8Array(Buffer.from(text, 'base64url'));

/** A browser's push subscription: a P-256 key pair and an auth secret (what PushManager makes). */
function browserSubscription(endpoint: string) {
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  const auth = randomBytes(16);
  return {
    ecdh,
    auth,
    json: { endpoint, keys: { p256dh: b64url(ecdh.getPublicKey()), auth: b64url(auth) } },
  };
}

/** Decrypts an RFC 8291 `aes128gcm` body as the browser would, independently of web-push. */
function decryptPushBody(body: Uint8Array, ecdh: ReturnType<typeof createECDH>, auth: Uint8Array): string {
  const salt = body.subarray(0, 16);
  const idLength = body[20] ?? 0;
  const senderPublicKey = body.subarray(21, 21 + idLength);
  const ciphertext = body.subarray(21 + idLength);
  const shared = ecdh.computeSecret(senderPublicKey);
  const keyInfo = Buffer.concat([Buffer.from('WebPush: info\0'), ecdh.getPublicKey(), senderPublicKey]);
  const ikm = Buffer.from(hkdfSync('sha256', shared, auth, keyInfo, 32));
  const cek = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: aes128gcm\0'), 16));
  const nonce = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: nonce\0'), 12));
  const decipher = createDecipheriv('aes-128-gcm', cek, nonce);
  decipher.setAuthTag(ciphertext.subarray(ciphertext.length - 16));
  const padded = Buffer.concat([
    decipher.update(ciphertext.subarray(0, ciphertext.length - 16)),
    decipher.final(),
  ]);
  // The last record ends with the delimiter 0x02, then optional zero padding.
  const end = padded.lastIndexOf(2);
  return padded.subarray(0, end).toString('utf8');
}

/** Checks the VAPID header (RFC 8292): an ES256 JWT for the push service's origin, signed by key k. */
async function verifyVapid(
  authorization: string,
  audience: string,
): Promise<{ publicKey: string; sub: string }> {
  const match = /^vapid t=([\w-]+\.[\w-]+\.[\w-]+), k=([\w-]+)$/.exec(authorization);
  if (!match?.[1] || !match[2]) throw new Error(`not a VAPID header: ${authorization}`);
  const [header, payload, signature] = match[1].split('.') as [string, string, string];
  const key = await crypto.subtle.importKey(
    'raw',
    fromB64url(match[2]),
    { name: 'ECDSA', namedCurve: 'P-256' },
    false,
    ['verify'],
  );
  const valid = await crypto.subtle.verify(
    { name: 'ECDSA', hash: 'SHA-256' },
    key,
    fromB64url(signature),
    new TextEncoder().encode(`${header}.${payload}`),
  );
  if (!valid) throw new Error('VAPID signature does not verify');
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as {
    aud: string;
    exp: number;
    sub: string;
  };
  if (claims.aud !== audience) throw new Error(`aud ${claims.aud} is not ${audience}`);
  if (claims.exp * 1000 < Date.now()) throw new Error('expired VAPID token');
  return { publicKey: match[2], sub: claims.sub };
}

interface PushRequest {
  path: string;
  headers: Headers;
  body: Uint8Array;
}

/** A local push service: accepts messages on /push/<id>, answers 410 Gone for /push/gone-*. */
function startPushService() {
  const received: PushRequest[] = [];
  const server = Bun.serve({
    hostname: '127.0.0.1',
    port: 0,
    fetch: async (request) => {
      const path = new URL(request.url).pathname;
      received.push({ path, headers: request.headers, body: new Uint8Array(await request.arrayBuffer()) });
      if (path.startsWith('/push/gone-')) return new Response(null, { status: 410 });
      return new Response(null, { status: 201 });
    },
  });
  return { origin: `http://127.0.0.1:${server.port}`, received, close: () => server.stop(true) };
}

describe('Web Push', () => {
  let subject: Awaited<ReturnType<typeof startNotifications>>;
  let pushService: ReturnType<typeof startPushService>;
  beforeAll(async () => {
    pushService = startPushService();
    subject = await startNotifications();
  });
  afterAll(async () => {
    pushService.close();
    await subject.close();
  });

  async function subscribe(userId: string, endpoint: string) {
    const browser = browserSubscription(endpoint);
    const response = await subject.app.request('/api/v1/notifications/push-subscriptions', {
      method: 'POST',
      headers: { ...(await asCaller({ sub: userId, roles: ['user'] })), 'content-type': 'application/json' },
      body: JSON.stringify(browser.json),
    });
    expect(response.status).toBe(201);
    return browser;
  }

  test('a purchase reaches the subscribed browser encrypted and VAPID-signed', async () => {
    const userId = newId();
    const browser = await subscribe(userId, `${pushService.origin}/push/${userId}`);
    await subject.deliver(coursePurchased(userId, 'course-7'));
    expect(await deliverPending(subject.deps.db, subject.runtime, { channel: 'push' })).toEqual({
      sent: 1,
      retried: 0,
      failed: 0,
      dropped: 0,
    });
    const request = pushService.received.find((item) => item.path === `/push/${userId}`);
    if (!request) throw new Error('the push service received nothing');
    expect(request.headers.get('content-encoding')).toBe('aes128gcm');
    expect(Number(request.headers.get('ttl'))).toBeGreaterThan(0);
    const vapid = await verifyVapid(request.headers.get('authorization') ?? '', pushService.origin);
    const published = await subject.app.request('/api/v1/notifications/push-subscriptions/vapid-public-key');
    expect(await published.json()).toEqual({ publicKey: vapid.publicKey });
    expect(vapid.sub).toBe('mailto:no-reply@example.com');
    const message = JSON.parse(decryptPushBody(request.body, browser.ecdh, browser.auth)) as Record<
      string,
      unknown
    >;
    expect(message).toMatchObject({
      type: 'purchase_confirmation',
      title: 'Purchase confirmed',
      data: { courseId: 'course-7' },
    });
  });

  test('a subscription the push service reports gone (410) is removed', async () => {
    const userId = newId();
    const endpoint = `${pushService.origin}/push/gone-${userId}`;
    await subscribe(userId, endpoint);
    await subject.deliver(coursePurchased(userId, 'course-8'));
    const report = await deliverPending(subject.deps.db, subject.runtime, { channel: 'push' });
    expect(report).toEqual({ sent: 0, retried: 0, failed: 0, dropped: 1 });
    const left = await subject.deps.db
      .select()
      .from(pushSubscriptions)
      .where(eq(pushSubscriptions.endpoint, endpoint));
    expect(left).toHaveLength(0);
  });

  test('push preference off: nothing is sent', async () => {
    const userId = newId();
    await subscribe(userId, `${pushService.origin}/push/${userId}`);
    await subject.app.request('/api/v1/notifications/preferences', {
      method: 'PUT',
      headers: { ...(await asCaller({ sub: userId, roles: ['user'] })), 'content-type': 'application/json' },
      body: JSON.stringify({ email: true, push: false, inApp: true }),
    });
    await subject.deliver(coursePurchased(userId, 'course-9'));
    await deliverPending(subject.deps.db, subject.runtime, { channel: 'push' });
    expect(pushService.received.some((item) => item.path === `/push/${userId}`)).toBe(false);
  });

  test('a malformed subscription is 400, an anonymous one 401', async () => {
    const bad = await subject.app.request('/api/v1/notifications/push-subscriptions', {
      method: 'POST',
      headers: { ...(await asCaller({ sub: newId(), roles: ['user'] })), 'content-type': 'application/json' },
      body: JSON.stringify({ endpoint: 'not a url', keys: { p256dh: 'x', auth: 'y' } }),
    });
    expect(bad.status).toBe(400);
    const anonymous = await subject.app.request('/api/v1/notifications/push-subscriptions', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(browserSubscription('https://push.example/abc').json),
    });
    expect(anonymous.status).toBe(401);
  });
});
