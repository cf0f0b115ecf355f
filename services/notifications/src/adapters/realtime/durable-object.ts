import type { RealtimeHub } from './hub.ts';

/*
 * The edge design: one Durable Object per user holds that user's sockets (Workers cannot keep
 * sockets in a stateless isolate). The notifications worker redeems the ticket, then hands the
 * upgrade to the user's object; publishing is a POST to the same object. A sketch that compiles
 * against the small parts of the Workers API it uses (this project type-checks with Bun's types,
 * not workers-types); it is not wired into wrangler.toml yet.
 */

/** The parts of DurableObjectState used here (the WebSocket Hibernation API). */
export interface DurableObjectStateLike {
  acceptWebSocket(socket: WebSocket, tags?: string[]): void;
  getWebSockets(tag?: string): WebSocket[];
}

export interface DurableObjectStubLike {
  fetch(request: Request): Promise<Response>;
}

export interface DurableObjectNamespaceLike {
  idFromName(name: string): unknown;
  get(id: unknown): DurableObjectStubLike;
}

type WebSocketPairConstructor = new () => { 0: WebSocket; 1: WebSocket };

const PUBLISH_PATH = '/publish';

/** The Durable Object class: every socket of one user, and the fan-out to them. */
export class UserRealtimeObject {
  constructor(private readonly state: DurableObjectStateLike) {}

  async fetch(request: Request): Promise<Response> {
    if (new URL(request.url).pathname === PUBLISH_PATH && request.method === 'POST') {
      const message = await request.text();
      for (const socket of this.state.getWebSockets()) {
        try {
          socket.send(message);
        } catch {
          // A socket closing right now; the runtime removes it.
        }
      }
      return new Response(null, { status: 204 });
    }
    const Pair = (globalThis as { WebSocketPair?: WebSocketPairConstructor }).WebSocketPair;
    if (request.headers.get('upgrade')?.toLowerCase() !== 'websocket' || !Pair) {
      return new Response('Expected a WebSocket upgrade', { status: 426 });
    }
    const pair = new Pair();
    // Hibernation: the object may be evicted while sockets stay open, so idle users cost nothing.
    this.state.acceptWebSocket(pair[1]);
    return new Response(null, { status: 101, webSocket: pair[0] } as ResponseInit);
  }

  webSocketClose(socket: WebSocket, code: number): void {
    socket.close(code, 'closing');
  }
}

/** The hub as the edge worker sees it: publishing goes to the user's object. */
export function createDurableObjectHub(namespace: DurableObjectNamespaceLike): RealtimeHub {
  const stubOf = (userId: string) => namespace.get(namespace.idFromName(userId));
  return {
    kind: 'durable-object',
    publish: async (userId, message) => {
      const response = await stubOf(userId).fetch(
        new Request(`https://realtime.internal${PUBLISH_PATH}`, {
          method: 'POST',
          body: JSON.stringify(message),
        }),
      );
      await response.body?.cancel();
    },
    // Sockets live in the objects, not in the worker, so nothing here listens.
    subscribe: () => () => {},
    close: async () => {},
  };
}

/** After the ticket is redeemed: the user's object takes the upgrade and owns the socket. */
export function forwardUpgradeToUserObject(
  namespace: DurableObjectNamespaceLike,
  userId: string,
  request: Request,
): Promise<Response> {
  return namespace.get(namespace.idFromName(userId)).fetch(request);
}
