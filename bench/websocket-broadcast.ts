/**
 * `bun bench/websocket-broadcast.ts`: one realtime instance (Bun.serve + the notifications
 * realtime endpoint + in-process hub) holds BENCH_WS_CONNECTIONS sockets (default 1,000) opened
 * by a separate client process; the server then publishes one message to every user, and the
 * clients report how long each took to arrive. Repeated BENCH_WS_ROUNDS times (default 5).
 * Run by hand, not part of `npm test`. Prints p50 / p99 / max delivery latency.
 */

import { createMemoryCache } from '@edu/platform/cache';
import { type BunSocketData, serveSocketsOnBun } from '@edu/platform/runner';
// The hub and tickets are the service's own parts: this bench measures them directly.
import { createInProcessHub } from '../services/notifications/src/adapters/realtime/hub.ts';
import { realtimeSocket } from '../services/notifications/src/adapters/realtime/socket.ts';
import { issueTicket } from '../services/notifications/src/adapters/realtime/tickets.ts';

const connections = Number(process.env.BENCH_WS_CONNECTIONS ?? 1_000);
const rounds = Number(process.env.BENCH_WS_ROUNDS ?? 5);
const say = (message: string) => console.error(`[bench:ws] ${message}`);
/** Both processes read the same wall clock; timeOrigin + now() gives sub-millisecond resolution. */
const clock = () => performance.timeOrigin + performance.now();

if (process.argv[2] === 'clients') {
  await runClients(process.argv[3] ?? '');
} else {
  await runServer();
}

async function runServer() {
  const cache = createMemoryCache();
  const hub = createInProcessHub();
  const realtime = serveSocketsOnBun([realtimeSocket({ cache, hub })]);
  const users = Array.from({ length: connections }, (_, index) => `bench-user-${index}`);
  const server = Bun.serve<BunSocketData>({
    hostname: '127.0.0.1',
    port: 0,
    fetch: async (request, bunServer) =>
      realtime.handles(request)
        ? realtime.upgrade(request, bunServer)
        : new Response('not found', { status: 404 }),
    websocket: realtime.websocket,
  });
  const tickets = await Promise.all(users.map(async (user) => (await issueTicket(cache, user)).ticket));
  const child = Bun.spawn(
    ['bun', new URL(import.meta.url).pathname, 'clients', `ws://127.0.0.1:${server.port}`],
    {
      stdin: 'pipe',
      stdout: 'pipe',
      stderr: 'inherit',
    },
  );
  child.stdin.write(`${JSON.stringify(tickets)}\n`);
  await child.stdin.flush();
  const lines = readLines(child.stdout);
  const expectLine = async (prefix: string) => {
    const line = await lines.next();
    if (line.done || !line.value.startsWith(prefix)) throw new Error(`expected ${prefix}, got ${line.value}`);
    return line.value.slice(prefix.length);
  };
  await expectLine('open');
  say(`${realtime.connections()} sockets open on one instance`);
  const all: number[] = [];
  for (let round = 1; round <= rounds; round++) {
    const sentAt = clock();
    for (const user of users) {
      await hub.publish(user, { type: 'progress', data: { round, sentAt } });
    }
    const latencies = JSON.parse(await expectLine('round ')) as number[];
    all.push(...latencies);
    say(`round ${round}: ${latencies.length} delivered, p99 ${percentile(latencies, 99).toFixed(1)} ms`);
    await Bun.sleep(200);
  }
  child.stdin.write('done\n');
  await child.stdin.end();
  await child.exited;
  realtime.close();
  server.stop(true);
  console.log(
    `websocket broadcast: ${connections} connections, ${rounds} rounds, ${all.length} messages — ` +
      `p50 ${percentile(all, 50).toFixed(1)} ms, p99 ${percentile(all, 99).toFixed(1)} ms, max ${Math.max(...all).toFixed(1)} ms (target p99 < 200 ms)`,
  );
}

async function runClients(url: string) {
  const lines = readLines(Bun.stdin.stream());
  const first = await lines.next();
  const tickets = JSON.parse(first.value ?? '[]') as string[];
  let current: number[] = [];
  let roundOf = 0;
  const sockets = await Promise.all(
    tickets.map(
      (ticket) =>
        new Promise<WebSocket>((resolve, reject) => {
          const socket = new WebSocket(`${url}/api/v1/realtime?ticket=${ticket}`);
          socket.onopen = () => resolve(socket);
          socket.onerror = () => reject(new Error('socket refused'));
          socket.onmessage = (event) => {
            const message = JSON.parse(String(event.data)) as { data: { round: number; sentAt: number } };
            current.push(clock() - message.data.sentAt);
            roundOf = message.data.round;
            if (current.length === tickets.length) {
              process.stdout.write(`round ${JSON.stringify(current)}\n`);
              current = [];
            }
          };
        }),
    ),
  );
  process.stdout.write('open\n');
  await lines.next();
  for (const socket of sockets) socket.close();
  say(`clients done after round ${roundOf}`);
  // stdin stays open (the parent holds it), so leave explicitly.
  process.exit(0);
}

async function* readLines(stream: ReadableStream<Uint8Array>) {
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of stream) {
    buffer += decoder.decode(chunk, { stream: true });
    let index = buffer.indexOf('\n');
    while (index >= 0) {
      yield buffer.slice(0, index);
      buffer = buffer.slice(index + 1);
      index = buffer.indexOf('\n');
    }
  }
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}
