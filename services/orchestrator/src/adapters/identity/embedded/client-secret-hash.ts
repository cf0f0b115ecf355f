import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Partner client secrets are 256 random bits, not passwords people choose: nothing can guess
 * them, so a fast SHA-256 digest protects them at rest as well as a slow hash would, and the
 * token endpoint does not spend a quarter second of CPU per request (which a client with valid
 * credentials could otherwise use to load the gateway).
 */
const digest = (secret: string) => createHash('sha256').update(secret, 'utf8').digest();

/** `sha256$<digest>` (base64url): never the secret. */
export function hashClientSecret(secret: string): string {
  return `sha256$${digest(secret).toString('base64url')}`;
}

/** Whether `secret` matches `stored`, compared in constant time; false when there is no stored hash. */
export function verifyClientSecret(secret: string, stored: string | undefined): boolean {
  const actual = digest(secret);
  const [scheme, encoded] = (stored ?? '').split('$');
  const expected = scheme === 'sha256' && encoded ? Buffer.from(encoded, 'base64url') : Buffer.alloc(32);
  return expected.length === actual.length && timingSafeEqual(actual, expected);
}
