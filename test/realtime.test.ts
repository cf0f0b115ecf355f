import { afterAll, beforeAll, expect, test } from 'bun:test';
import { type BunSocketData, serveSocketsOnBun } from '@edu/platform/runner';
import type { Platform } from '../scripts/lib/platform.ts';
import { STARTUP_TIMEOUT_MS, startTestPlatform } from './support.ts';

/**
 * The realtime path as a browser uses it, over real sockets: the platform behind a Bun server
 * wired like `npm start`; a WebSocket opened with a ticket receives the notification of a
 * purchase made through the API (purchase → outbox → bus → notifications → hub → socket).
 */
let platform: Platform;
let server: ReturnType<typeof Bun.serve<BunSocketData>>;
let origin: string;

beforeAll(async () => {
  platform = await startTestPlatform();
  await platform.seed();
  const sockets = serveSocketsOnBun(platform.sockets);
  server = Bun.serve<BunSocketData>({
    hostname: '127.0.0.1',
    port: 0,
    fetch: (request, bunServer) =>
      sockets.handles(request) ? sockets.upgrade(request, bunServer) : platform.fetch(request),
    websocket: sockets.websocket,
  });
  origin = `http://127.0.0.1:${server.port}`;
}, STARTUP_TIMEOUT_MS);
afterAll(async () => {
  server.stop(true);
  await platform.close();
});

async function api(path: string, init: { method?: string; token?: string; body?: unknown } = {}) {
  const response = await fetch(`${origin}${path}`, {
    method: init.method ?? 'GET',
    headers: {
      ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
      ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

test('a WebSocket opened with a ticket receives the notification of a purchase made through the API', async () => {
  const email = `live-${crypto.randomUUID()}@example.com`;
  expect(
    (
      await api('/api/v1/auth/register', {
        method: 'POST',
        body: { email, password: 'a long password', name: 'Live' },
      })
    ).status,
  ).toBe(201);
  const login = await api('/api/v1/auth/login', {
    method: 'POST',
    body: { username: email, password: 'a long password' },
  });
  const token = String(login.body.access_token);

  const ticket = await api('/api/v1/realtime/ticket', { method: 'POST', token });
  expect(ticket.status).toBe(201);
  const socket = new WebSocket(
    `ws://127.0.0.1:${server.port}/api/v1/realtime?ticket=${String(ticket.body.ticket)}`,
  );
  const messages: Array<{ type: string; data: { type?: string; data?: Record<string, unknown> } }> = [];
  socket.onmessage = (event) => messages.push(JSON.parse(String(event.data)));
  await new Promise<void>((resolve, reject) => {
    socket.onopen = () => resolve();
    socket.onerror = () => reject(new Error('the WebSocket was refused'));
  });

  const catalog = await api('/api/v1/courses');
  const course = (catalog.body.items as Array<{ id: string }>)[0];
  const bought = await api(`/api/v1/payments/courses/${course?.id}`, { method: 'POST', token, body: {} });
  expect(bought.status).toBe(201);
  const started = Date.now();
  while (Date.now() - started < 5_000) {
    if (
      messages.some(
        (message) => message.type === 'notification' && message.data.type === 'purchase_confirmation',
      )
    )
      break;
    await Bun.sleep(20);
  }
  const confirmation = messages.find(
    (message) => message.type === 'notification' && message.data.type === 'purchase_confirmation',
  );
  expect(confirmation?.data.data).toMatchObject({ courseId: course?.id });
  socket.close();
}, 60_000);

test('a WebSocket without a valid ticket is refused', async () => {
  const socket = new WebSocket(`ws://127.0.0.1:${server.port}/api/v1/realtime?ticket=forged`);
  const outcome = await new Promise<string>((resolve) => {
    socket.onopen = () => resolve('open');
    socket.onerror = () => resolve('refused');
    socket.onclose = () => resolve('refused');
  });
  expect(outcome).toBe('refused');
});
