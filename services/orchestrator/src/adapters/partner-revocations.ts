import type { Cache } from '@edu/platform/cache';

/**
 * Revoked partner clients, remembered in the shared cache (Redis or Upstash across instances) for
 * the longest life an access token can have (ACCESS_TOKEN_TTL is at most a day), so a revoked
 * client's tokens stop working at once instead of when they expire.
 */
const LONGEST_TOKEN_LIFE_SECONDS = 86_400 + 60;
const keyOf = (clientSub: string) => `partner-revoked:${clientSub}`;

export function createPartnerRevocations(cache: Cache) {
  return {
    /** Marks `clientSub` (`<clientId>@clients`) revoked. */
    revoke: (clientSub: string) => cache.set(keyOf(clientSub), '1', LONGEST_TOKEN_LIFE_SECONDS),
    isRevoked: async (clientSub: string) => (await cache.get(keyOf(clientSub))) !== null,
  };
}
export type PartnerRevocations = ReturnType<typeof createPartnerRevocations>;
