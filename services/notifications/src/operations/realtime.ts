import { issueTicket } from '../adapters/realtime/tickets.ts';
import type { NotificationsDeps } from './deps.ts';

/** A one-time ticket that opens the realtime WebSocket for `userId` (redeemed by the socket endpoint). */
export function issueRealtimeTicket({ cache }: NotificationsDeps, userId: string) {
  return issueTicket(cache, userId);
}
