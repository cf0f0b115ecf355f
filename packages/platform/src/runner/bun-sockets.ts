import type { Server, ServerWebSocket, WebSocketHandler } from 'bun';
import { problemResponse } from '../http/errors.ts';
import type { SocketEndpoint, SocketSession } from '../module.ts';

/** What each Bun socket carries: the session its endpoint accepted it with. */
export interface BunSocketData {
  session: SocketSession;
}

export interface BunSockets {
  /** Whether `request` is a WebSocket upgrade for one of the endpoints' paths. */
  handles(request: Request): boolean;
  /** Asks the endpoint, then upgrades; a Response when refused, undefined once the socket is Bun's. */
  upgrade(request: Request, server: Server<BunSocketData>): Promise<Response | undefined>;
  /** Bun.serve's `websocket` option. */
  websocket: WebSocketHandler<BunSocketData>;
  /** Open sockets in this process. */
  connections(): number;
  /** Closes every socket (going away) and stops the heartbeat. */
  close(): void;
}

const HEARTBEAT_MS = 25_000;

/**
 * Serves modules' socket endpoints from a Bun server: the one place that knows Bun's WebSocket
 * API, so endpoints stay runtime-neutral (a Durable Object can hold the same sessions).
 *
 * @example
 * const sockets = serveSocketsOnBun(modules.flatMap((module) => module.sockets?.(deps) ?? []));
 * Bun.serve({ fetch: (request, server) => sockets.handles(request) ? sockets.upgrade(request, server) : app.fetch(request), websocket: sockets.websocket });
 */
export function serveSocketsOnBun(endpoints: SocketEndpoint[], heartbeatMs = HEARTBEAT_MS): BunSockets {
  const byPath = new Map(endpoints.map((endpoint) => [endpoint.path, endpoint]));
  const sockets = new Set<ServerWebSocket<BunSocketData>>();
  // Browsers answer pings with pongs themselves; the ping keeps proxies from closing idle sockets.
  const heartbeat = setInterval(() => {
    for (const socket of sockets) socket.ping();
  }, heartbeatMs);
  heartbeat.unref?.();

  return {
    handles: (request) =>
      byPath.has(new URL(request.url).pathname) &&
      request.headers.get('upgrade')?.toLowerCase() === 'websocket',
    upgrade: async (request, server) => {
      const path = new URL(request.url).pathname;
      const endpoint = byPath.get(path);
      if (!endpoint) return problemResponse('not_found', `No socket endpoint at ${path}`, { instance: path });
      const accepted = await endpoint.accept(request);
      if (accepted instanceof Response) return accepted;
      if (server.upgrade(request, { data: { session: accepted } })) return undefined;
      return problemResponse('bad_request', 'The WebSocket upgrade failed', { instance: path });
    },
    websocket: {
      idleTimeout: 60,
      open: (socket) => {
        sockets.add(socket);
        socket.data.session.open({
          send: (text) => socket.send(text),
          close: (code, reason) => socket.close(code, reason),
        });
      },
      // The channel is server → client; nothing a client says is read.
      message: () => {},
      close: (socket) => {
        sockets.delete(socket);
        socket.data.session.closed();
      },
    },
    connections: () => sockets.size,
    close: () => {
      clearInterval(heartbeat);
      for (const socket of sockets) socket.close(1001, 'server shutting down');
    },
  };
}
