import type { Cache } from '@edu/platform/cache';
import { problemResponse } from '@edu/platform/http';
import type { Server, ServerWebSocket, WebSocketHandler } from 'bun';
import type { RealtimeHub } from './hub.ts';
import { redeemTicket } from './tickets.ts';

export const REALTIME_PATH = '/api/v1/realtime';
const HEARTBEAT_MS = 25_000;

export interface RealtimeSocketData {
  userId: string;
  unsubscribe?: () => void;
}

export interface RealtimeEndpoint {
  /** Whether `request` is a WebSocket upgrade for the realtime path (the runner routes it here). */
  handles(request: Request): boolean;
  /** Redeems the ticket and upgrades; a Response when refused, undefined once the socket is Bun's. */
  upgrade(request: Request, server: Server<RealtimeSocketData>): Promise<Response | undefined>;
  /** Bun.serve's `websocket` option. */
  websocket: WebSocketHandler<RealtimeSocketData>;
  /** Open sockets on this instance. */
  connections(): number;
  close(): void;
}

/**
 * The realtime WebSocket on Bun: ticket → upgrade → the socket listens on the hub for its
 * user. The hub is the only way messages reach sockets, so the same code serves one process
 * (in-process hub) and several instances (Redis hub).
 *
 * @example
 * const realtime = createRealtimeEndpoint({ cache, hub });
 * Bun.serve({
 *   fetch: async (request, server) =>
 *     realtime.handles(request) ? await realtime.upgrade(request, server) : app.fetch(request),
 *   websocket: realtime.websocket,
 * });
 */
export function createRealtimeEndpoint(options: {
  cache: Cache;
  hub: RealtimeHub;
  heartbeatMs?: number;
}): RealtimeEndpoint {
  const sockets = new Set<ServerWebSocket<RealtimeSocketData>>();
  // Browsers answer pings with pongs themselves; the ping keeps proxies from closing idle sockets.
  const heartbeat = setInterval(() => {
    for (const socket of sockets) socket.ping();
  }, options.heartbeatMs ?? HEARTBEAT_MS);
  heartbeat.unref?.();

  return {
    handles: (request) =>
      new URL(request.url).pathname === REALTIME_PATH &&
      request.headers.get('upgrade')?.toLowerCase() === 'websocket',
    upgrade: async (request, server) => {
      const ticket = new URL(request.url).searchParams.get('ticket') ?? '';
      const userId = await redeemTicket(options.cache, ticket);
      if (!userId) {
        return problemResponse('unauthorized', 'The realtime ticket is missing, unknown, used or expired', {
          instance: REALTIME_PATH,
        });
      }
      if (server.upgrade(request, { data: { userId } })) return undefined;
      return problemResponse('bad_request', 'The WebSocket upgrade failed', { instance: REALTIME_PATH });
    },
    websocket: {
      idleTimeout: 60,
      open: (socket) => {
        sockets.add(socket);
        socket.data.unsubscribe = options.hub.subscribe(socket.data.userId, (message) => {
          socket.send(JSON.stringify(message));
        });
      },
      // Clients have nothing to say yet; the channel is server → client.
      message: () => {},
      close: (socket) => {
        sockets.delete(socket);
        socket.data.unsubscribe?.();
      },
    },
    connections: () => sockets.size,
    close: () => {
      clearInterval(heartbeat);
      for (const socket of sockets) socket.close(1001, 'server shutting down');
    },
  };
}
