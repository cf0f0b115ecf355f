import type { Cache } from '@edu/platform/cache';

/** A ticket is good for this long; the client opens its WebSocket right after asking. */
export const TICKET_TTL_SECONDS = 30;

const ticketKey = (ticket: string) => `realtime:ticket:${ticket}`;
const usedKey = (ticket: string) => `realtime:ticket-used:${ticket}`;

function randomTicket(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

/**
 * A one-time ticket for `userId`, kept in the cache port so any instance (Redis) can redeem
 * it; browsers cannot send an Authorization header with a WebSocket, and tokens must not
 * travel in URLs.
 */
export async function issueTicket(
  cache: Cache,
  userId: string,
): Promise<{ ticket: string; expiresIn: number }> {
  const ticket = randomTicket();
  await cache.set(ticketKey(ticket), userId, TICKET_TTL_SECONDS);
  return { ticket, expiresIn: TICKET_TTL_SECONDS };
}

/**
 * The user a ticket was issued to, or null when it is unknown, expired or already used.
 * The cache has no get-and-delete, so the counter decides who was first: increment is
 * atomic in Redis, so of two instances redeeming one ticket at once only one gets 1.
 */
export async function redeemTicket(cache: Cache, ticket: string): Promise<string | null> {
  if (!/^[\w-]{20,100}$/.test(ticket)) return null;
  const userId = await cache.get(ticketKey(ticket));
  if (!userId) return null;
  const uses = await cache.increment(usedKey(ticket), TICKET_TTL_SECONDS);
  await cache.delete(ticketKey(ticket));
  return uses === 1 ? userId : null;
}
