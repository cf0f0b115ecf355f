import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { newId } from '@edu/contracts';
import type { SocketEndpoint } from '@edu/platform';
import type { Cache } from '@edu/platform/cache';
import { createMemoryCache } from '@edu/platform/cache';
import { handleEventOnce } from '@edu/platform/events';
import { type BunSocketData, serveSocketsOnBun } from '@edu/platform/runner';
import { asCaller, startModuleUnderTest } from '@edu/platform/testing';
import { createInProcessHub, type RealtimeHub } from '../src/adapters/realtime/hub.ts';
import { createRedisHub } from '../src/adapters/realtime/redis-hub.ts';
import { realtimeSocket } from '../src/adapters/realtime/socket.ts';
import { issueTicket, redeemTicket, TICKET_TTL_SECONDS } from '../src/adapters/realtime/tickets.ts';
import { deliveryConsumer } from '../src/events/consume.ts';
import { notificationsModule } from '../src/index.ts';
import { coursePurchased, envelope, SERVICE_TEST_TIMEOUT_MS, startNotifications } from './support.ts';

/** One instance: a real Bun.serve on 127.0.0.1 with the realtime endpoint in front of the app. */
function serveInstance(options: {
  hub: RealtimeHub;
  cache: Cache;
  app?: { fetch(request: Request): Response | Promise<Response> };
  /** The endpoints to serve instead of one built on `hub` and `cache` (a module's `sockets`). */
  endpoints?: SocketEndpoint[];
}) {
  const realtime = serveSocketsOnBun(
    options.endpoints ?? [realtimeSocket({ cache: options.cache, hub: options.hub })],
  );
  const server = Bun.serve<BunSocketData>({
    hostname: '127.0.0.1',
    port: 0,
    fetch: async (request, bunServer) => {
      if (realtime.handles(request)) return realtime.upgrade(request, bunServer);
      return options.app ? options.app.fetch(request) : new Response('not found', { status: 404 });
    },
    websocket: realtime.websocket,
  });
  return {
    url: (ticket: string) =>
      `ws://127.0.0.1:${server.port}/api/v1/realtime?ticket=${encodeURIComponent(ticket)}`,
    origin: `http://127.0.0.1:${server.port}`,
    realtime,
    close: () => {
      realtime.close();
      server.stop(true);
    },
  };
}

interface OpenSocket {
  socket: WebSocket;
  messages: Array<{ type: string; data: Record<string, unknown> }>;
  next(
    predicate?: (message: { type: string; data: Record<string, unknown> }) => boolean,
    timeoutMs?: number,
  ): Promise<{ type: string; data: Record<string, unknown> }>;
}

/** Opens a WebSocket and resolves once it is open, or rejects with the close/error that refused it. */
function openSocket(url: string): Promise<OpenSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    const messages: OpenSocket['messages'] = [];
    const waiters: Array<() => void> = [];
    socket.onmessage = (event) => {
      messages.push(JSON.parse(String(event.data)));
      for (const wake of waiters.splice(0)) wake();
    };
    socket.onopen = () =>
      resolve({
        socket,
        messages,
        next: (predicate = () => true, timeoutMs = 1_000) =>
          new Promise((found, fail) => {
            const timer = setTimeout(() => fail(new Error(`no message within ${timeoutMs} ms`)), timeoutMs);
            const check = () => {
              const hit = messages.find(predicate);
              if (hit) {
                clearTimeout(timer);
                found(hit);
              } else waiters.push(check);
            };
            check();
          }),
      });
    socket.onerror = () => reject(new Error('refused'));
    socket.onclose = (event) => reject(new Error(`closed ${event.code}`));
  });
}

describe('realtime over a real WebSocket', () => {
  let subject: Awaited<ReturnType<typeof startNotifications>>;
  let instance: ReturnType<typeof serveInstance>;
  beforeAll(async () => {
    subject = await startNotifications();
    instance = serveInstance({ hub: subject.runtime.hub, cache: subject.deps.cache, app: subject.app });
  });
  afterAll(async () => {
    instance.close();
    await subject.close();
  });

  async function ticketFor(userId: string): Promise<string> {
    const response = await subject.app.request('/api/v1/realtime/ticket', {
      method: 'POST',
      headers: await asCaller({ sub: userId, roles: ['user'] }),
    });
    expect(response.status).toBe(201);
    const body = (await response.json()) as { ticket: string; expiresIn: number };
    expect(body.expiresIn).toBeLessThanOrEqual(60);
    return body.ticket;
  }

  test('every open socket of the buyer receives the purchase notification within 1 s', async () => {
    const userId = newId();
    const first = await openSocket(instance.url(await ticketFor(userId)));
    const second = await openSocket(instance.url(await ticketFor(userId)));
    const stranger = await openSocket(instance.url(await ticketFor(newId())));
    const started = performance.now();
    await subject.deliver(coursePurchased(userId, 'course-live'));
    const [a, b] = await Promise.all([first.next(), second.next()]);
    expect(performance.now() - started).toBeLessThan(1_000);
    for (const message of [a, b]) {
      expect(message.type).toBe('notification');
      expect(message.data).toMatchObject({
        type: 'purchase_confirmation',
        data: { courseId: 'course-live' },
        readAt: null,
      });
    }
    expect(stranger.messages).toHaveLength(0);
    for (const open of [first, second, stranger]) open.socket.close();
  });

  test('lesson progress reaches the socket as a progress message', async () => {
    const userId = newId();
    const open = await openSocket(instance.url(await ticketFor(userId)));
    const data = { userId, courseId: 'c1', lessonId: 'l1', completedAt: new Date().toISOString() };
    await subject.deliver(envelope('LESSON_COMPLETED', data));
    const message = await open.next((item) => item.type === 'progress');
    expect(message.data).toMatchObject({ event: 'LESSON_COMPLETED', lessonId: 'l1' });
    open.socket.close();
  });

  test('a ticket works once', async () => {
    const ticket = await ticketFor(newId());
    const open = await openSocket(instance.url(ticket));
    await expect(openSocket(instance.url(ticket))).rejects.toThrow();
    open.socket.close();
  });

  test('without a valid ticket the upgrade is refused with 401', async () => {
    await expect(openSocket(instance.url('no-such-ticket-0123456789abcdef'))).rejects.toThrow();
    const plain = await fetch(`${instance.origin}/api/v1/realtime?ticket=nope-nope-nope-nope-nope`, {
      headers: { upgrade: 'websocket', connection: 'upgrade' },
    });
    expect(plain.status).toBe(401);
    expect(plain.headers.get('content-type')).toBe('application/problem+json');
    const anonymous = await subject.app.request('/api/v1/realtime/ticket', { method: 'POST' });
    expect(anonymous.status).toBe(401);
  });

  test('a closed socket stops listening on the hub', async () => {
    const userId = newId();
    const open = await openSocket(instance.url(await ticketFor(userId)));
    expect(instance.realtime.connections()).toBeGreaterThan(0);
    const before = instance.realtime.connections();
    open.socket.close();
    await Bun.sleep(100);
    expect(instance.realtime.connections()).toBe(before - 1);
  });
});

describe('the module as a runner runs it, from its settings alone', () => {
  test(
    'what its consumer publishes reaches the sockets its endpoint holds',
    async () => {
      const subject = await startModuleUnderTest(notificationsModule);
      const instance = serveInstance({
        hub: createInProcessHub(),
        cache: subject.deps.cache,
        app: subject.app,
        endpoints: notificationsModule.sockets?.(subject.deps) ?? [],
      });
      try {
        const consumers = notificationsModule.consumers?.(subject.deps) ?? [];
        expect(consumers.map((consumer) => consumer.group)).toEqual([
          'notifications.delivery',
          'notifications.webhooks',
        ]);
        const userId = newId();
        const issued = await subject.app.request('/api/v1/realtime/ticket', {
          method: 'POST',
          headers: await asCaller({ sub: userId, roles: ['user'] }),
        });
        const { ticket } = (await issued.json()) as { ticket: string };
        const open = await openSocket(instance.url(ticket));
        for (const consumer of consumers) {
          await handleEventOnce(
            subject.deps.db,
            consumer,
            coursePurchased(userId, 'course-m'),
            subject.deps.logger,
          );
        }
        const message = await open.next();
        expect(message).toMatchObject({ type: 'notification', data: { type: 'purchase_confirmation' } });
        open.socket.close();
      } finally {
        instance.close();
        await subject.close();
      }
    },
    SERVICE_TEST_TIMEOUT_MS,
  );
});

describe('tickets', () => {
  test('expire after their time to live and are single use', async () => {
    let now = Date.now();
    const cache = createMemoryCache({ now: () => now });
    const expired = await issueTicket(cache, 'u1');
    expect(expired.expiresIn).toBe(TICKET_TTL_SECONDS);
    now += (TICKET_TTL_SECONDS + 1) * 1000;
    expect(await redeemTicket(cache, expired.ticket)).toBeNull();
    const fresh = await issueTicket(cache, 'u1');
    expect(await redeemTicket(cache, fresh.ticket)).toBe('u1');
    expect(await redeemTicket(cache, fresh.ticket)).toBeNull();
  });
});

const redisUrl = process.env.TEST_REDIS_URL;

describe.skipIf(!redisUrl)('two instances sharing Redis', () => {
  test(
    'a notification published on one instance reaches the user’s sockets on both',
    async () => {
      const url = redisUrl ?? '';
      const { createRedisCache } = await import('@edu/platform/cache/redis');
      const subject = await startNotifications();
      const [hubA, hubB, cacheA, cacheB] = await Promise.all([
        createRedisHub(url),
        createRedisHub(url),
        createRedisCache(url),
        createRedisCache(url),
      ]);
      const instanceA = serveInstance({ hub: hubA, cache: cacheA });
      const instanceB = serveInstance({ hub: hubB, cache: cacheB });
      try {
        const userId = newId();
        // Tickets live in the shared cache: one issued by A opens a socket on B.
        const onA = await openSocket(instanceA.url((await issueTicket(cacheA, userId)).ticket));
        const crossTicket = (await issueTicket(cacheA, userId)).ticket;
        const onB = await openSocket(instanceB.url(crossTicket));
        await expect(openSocket(instanceA.url(crossTicket))).rejects.toThrow();
        const consumerOnA = deliveryConsumer({ hub: hubA, settings: subject.runtime.settings });
        const started = performance.now();
        await handleEventOnce(
          subject.deps.db,
          consumerOnA,
          coursePurchased(userId, 'course-r'),
          subject.deps.logger,
        );
        const [a, b] = await Promise.all([onA.next(), onB.next()]);
        expect(performance.now() - started).toBeLessThan(1_000);
        expect(a.data).toMatchObject({ type: 'purchase_confirmation' });
        expect(b.data).toEqual(a.data);
        onA.socket.close();
        onB.socket.close();
      } finally {
        instanceA.close();
        instanceB.close();
        await Promise.all([hubA.close(), hubB.close(), cacheA.close(), cacheB.close()]);
        await subject.close();
      }
    },
    SERVICE_TEST_TIMEOUT_MS,
  );
});
