import type { SocketEndpoint } from '@edu/platform';
import type { Cache } from '@edu/platform/cache';
import { problemResponse } from '@edu/platform/http';
import type { RealtimeHub } from './hub.ts';
import { redeemTicket } from './tickets.ts';

const REALTIME_PATH = '/api/v1/realtime';

/**
 * The realtime WebSocket: the one-time ticket is redeemed for its user, and the socket then
 * listens on the hub for that user. The hub is the only way messages reach sockets, so the
 * same endpoint serves one process (in-process hub) and several (Redis hub).
 */
export function realtimeSocket(options: { cache: Cache; hub: RealtimeHub }): SocketEndpoint {
  return {
    path: REALTIME_PATH,
    accept: async (request) => {
      const ticket = new URL(request.url).searchParams.get('ticket') ?? '';
      const userId = await redeemTicket(options.cache, ticket);
      if (!userId) {
        return problemResponse('unauthorized', 'The realtime ticket is missing, unknown, used or expired', {
          instance: REALTIME_PATH,
        });
      }
      let unsubscribe: (() => void) | undefined;
      return {
        open: (connection) => {
          unsubscribe = options.hub.subscribe(userId, (message) => connection.send(JSON.stringify(message)));
        },
        closed: () => unsubscribe?.(),
      };
    },
  };
}
