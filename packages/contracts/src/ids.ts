import { z } from 'zod';

/** PostgreSQL text cannot hold NUL: input that reaches a query must refuse it (400, not 500). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is exactly the character refused
export const WITHOUT_NUL = /^[^\u0000]*$/;

/** IDs are opaque strings; we mint UUIDv7 so they sort by creation time. */
export const IdSchema = z.string().min(1).max(64).regex(WITHOUT_NUL, 'must not contain NUL characters');
export type Id = z.infer<typeof IdSchema>;

/** The last id's millisecond and counter: ids minted by one process sort in the order minted. */
let lastMillis = -1;
let sequence = 0;
const randomSequence = () => (crypto.getRandomValues(new Uint16Array(1))[0] ?? 0) & 0x3ff;

/**
 * Creates a UUIDv7 (RFC 9562): 48-bit millisecond timestamp, a 12-bit counter (method 1 of
 * §6.2: random at each new millisecond, +1 for each further id in it, so ids of one burst keep
 * their order), then random bits. A clock that steps back a little continues after the last id;
 * an explicit time far in the past (tests) mints an id of that time.
 */
export function newId(now: number = Date.now()): string {
  let millis = now;
  if (now > lastMillis) {
    sequence = randomSequence();
    lastMillis = now;
  } else if (lastMillis - now < 10_000) {
    millis = lastMillis;
    sequence++;
    if (sequence > 0xfff) {
      millis = ++lastMillis;
      sequence = randomSequence();
    }
  }
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  let timestamp = millis;
  for (let index = 5; index >= 0; index--) {
    bytes[index] = timestamp % 256;
    timestamp = Math.floor(timestamp / 256);
  }
  const counter = millis === lastMillis ? sequence : randomSequence();
  bytes[6] = 0x70 | ((counter >> 8) & 0x0f);
  bytes[7] = counter & 0xff;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
