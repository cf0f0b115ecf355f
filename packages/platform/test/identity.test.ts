import { describe, expect, test } from 'bun:test';
import {
  IDENTITY_HEADER,
  IDENTITY_SIGNATURE_HEADER,
  readIdentity,
  signIdentity,
} from '../src/http/identity.ts';

const SECRET = 'a-secret-that-is-long-enough-0123456789';
const caller = { kind: 'user' as const, sub: 'user-1', roles: ['user' as const], scopes: [] };

describe('gateway identity headers', () => {
  test('round-trip: what the gateway signs, a service reads', async () => {
    const headers = new Headers(await signIdentity(caller, SECRET));
    expect(await readIdentity(headers, SECRET)).toMatchObject(caller);
  });

  test('no headers means anonymous', async () => {
    expect(await readIdentity(new Headers(), SECRET)).toBeNull();
  });

  test('a different secret does not verify', async () => {
    const headers = new Headers(await signIdentity(caller, SECRET));
    expect(await readIdentity(headers, `${SECRET}-other`)).toBeNull();
  });

  test('a payload changed after signing does not verify (e.g. roles raised to admin)', async () => {
    const signed = await signIdentity(caller, SECRET);
    const forged = btoa(JSON.stringify({ ...caller, roles: ['user', 'admin'], exp: 9_999_999_999 }))
      .replaceAll('+', '-')
      .replaceAll('/', '_')
      .replace(/=+$/, '');
    const headers = new Headers({ ...signed, [IDENTITY_HEADER]: forged });
    expect(await readIdentity(headers, SECRET)).toBeNull();
  });

  test('garbage headers are anonymous, not an error', async () => {
    const headers = new Headers({ [IDENTITY_HEADER]: '!!!', [IDENTITY_SIGNATURE_HEADER]: '???' });
    expect(await readIdentity(headers, SECRET)).toBeNull();
  });

  test('an expired identity is refused', async () => {
    const longAgo = Date.now() - 10 * 60_000;
    const headers = new Headers(await signIdentity(caller, SECRET, longAgo));
    expect(await readIdentity(headers, SECRET)).toBeNull();
  });
});
