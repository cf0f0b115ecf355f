import { z } from 'zod';

/** PostgreSQL text cannot hold NUL: input that reaches a query must refuse it (400, not 500). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is exactly the character refused
export const WITHOUT_NUL = /^[^\u0000]*$/;

/** IDs are opaque strings; we mint UUIDv7 so they sort by creation time. */
export const IdSchema = z.string().min(1).max(64).regex(WITHOUT_NUL, 'must not contain NUL characters');
export type Id = z.infer<typeof IdSchema>;

/** Creates a UUIDv7 (RFC 9562): 48-bit millisecond timestamp, then random bits. */
export function newId(now: number = Date.now()): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  let timestamp = now;
  for (let index = 5; index >= 0; index--) {
    bytes[index] = timestamp % 256;
    timestamp = Math.floor(timestamp / 256);
  }
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x70;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
