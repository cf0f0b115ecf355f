import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from 'bun:test';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { queryRows } from '@edu/platform/db';
import { AppError } from '@edu/platform/http';
import { sql } from 'drizzle-orm';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { hashPassword, verifyPassword } from '../src/adapters/identity/embedded/password-hash.ts';
import { loadIssuerKey } from '../src/adapters/identity/embedded/signing-key.ts';
import { type IssuerUnderTest, startEmbeddedIssuer } from './support/issuer.ts';

// Real scrypt hashing (~0.25 s each, more on a busy machine): bun's 5 s default is too tight.
setDefaultTimeout(30_000);

let clock = Date.now();
let subject: IssuerUnderTest;
beforeAll(async () => {
  subject = await startEmbeddedIssuer({
    accessTokenTtlSeconds: 300,
    refreshTokenTtlSeconds: 3600,
    now: () => clock,
  });
}, 60_000);
afterAll(async () => {
  await subject.close();
});

async function newAccount(password = 'a-long-password') {
  const email = `user-${crypto.randomUUID()}@example.com`;
  const { id } = await subject.issuer.register({ email, password, name: 'Someone' });
  subject.profiles.set(id, { email, name: 'Someone', roles: ['user'] });
  return { id, email, password };
}

async function expectUnauthorized(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe('unauthorized');
}

describe('password hashing (scrypt)', () => {
  test('stores a salted, self-describing hash and verifies it', async () => {
    const first = await hashPassword('hunter2-hunter2');
    const second = await hashPassword('hunter2-hunter2');
    expect(first).toStartWith('scrypt$32768$8$3$');
    expect(first).not.toBe(second);
    expect(await verifyPassword('hunter2-hunter2', first)).toBe(true);
    expect(await verifyPassword('hunter2-hunter3', first)).toBe(false);
    expect(await verifyPassword('anything', 'not-a-hash')).toBe(false);
  });

  test('the credentials table never holds the password itself', async () => {
    const account = await newAccount('plain-text-must-not-be-stored');
    const rows = await queryRows<{ password_hash: string }>(
      subject.database.db,
      sql`select password_hash from identity.credentials where id = ${account.id}`,
    );
    expect(rows[0]?.password_hash).toStartWith('scrypt$');
    expect(rows[0]?.password_hash).not.toContain('plain-text-must-not-be-stored');
  });
});

describe('tokens', () => {
  test('access tokens are RS256 at+jwt with the configured lifetime and the profile’s claims', async () => {
    const account = await newAccount();
    const tokens = await subject.issuer.login({
      username: account.email.toUpperCase(),
      password: account.password,
      clientIp: null,
    });
    expect(tokens.expires_in).toBe(300);
    expect(decodeProtectedHeader(tokens.access_token)).toEqual({
      alg: 'RS256',
      kid: subject.key.kid,
      typ: 'at+jwt',
    });
    const claims = decodeJwt(tokens.access_token);
    expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBe(300);
    expect(claims).toMatchObject({ sub: account.id, email: account.email, roles: ['user'] });
    expect(await subject.issuer.verifier.verify(tokens.access_token)).toMatchObject({ sub: account.id });
  });

  test('an access token stops working once it expires (with 5 s of clock skew)', async () => {
    const account = await newAccount();
    const started = clock;
    const tokens = await subject.issuer.login({
      username: account.email,
      password: account.password,
      clientIp: null,
    });
    try {
      clock = started + 303_000;
      expect(await subject.issuer.verifier.verify(tokens.access_token)).toMatchObject({ sub: account.id });
      clock = started + 306_000;
      await expectUnauthorized(subject.issuer.verifier.verify(tokens.access_token));
    } finally {
      clock = started;
    }
  });
});

describe('refresh tokens', () => {
  test('rotate on every use; the spent one revokes the family', async () => {
    const account = await newAccount();
    const first = await subject.issuer.login({
      username: account.email,
      password: account.password,
      clientIp: null,
    });
    const second = await subject.issuer.refresh(first.refresh_token ?? '');
    const third = await subject.issuer.refresh(second.refresh_token ?? '');
    await expectUnauthorized(subject.issuer.refresh(first.refresh_token ?? ''));
    await expectUnauthorized(subject.issuer.refresh(third.refresh_token ?? ''));
    const families = await queryRows<{ revoked_reason: string | null }>(
      subject.database.db,
      sql`select revoked_reason from identity.refresh_token_families where user_id = ${account.id}`,
    );
    expect(families).toEqual([{ revoked_reason: 'reuse' }]);
  });

  test('two concurrent uses of one token: exactly one wins', async () => {
    const account = await newAccount();
    const tokens = await subject.issuer.login({
      username: account.email,
      password: account.password,
      clientIp: null,
    });
    const results = await Promise.allSettled([
      subject.issuer.refresh(tokens.refresh_token ?? ''),
      subject.issuer.refresh(tokens.refresh_token ?? ''),
    ]);
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
  });

  test('expire after REFRESH_TOKEN_TTL', async () => {
    const account = await newAccount();
    const started = clock;
    const tokens = await subject.issuer.login({
      username: account.email,
      password: account.password,
      clientIp: null,
    });
    try {
      clock = started + 3_601_000;
      await expectUnauthorized(subject.issuer.refresh(tokens.refresh_token ?? ''));
    } finally {
      clock = started;
    }
  });

  test('are only stored as SHA-256 digests', async () => {
    const account = await newAccount();
    const tokens = await subject.issuer.login({
      username: account.email,
      password: account.password,
      clientIp: null,
    });
    const rows = await queryRows<{ token_hash: string }>(
      subject.database.db,
      sql`select token_hash from identity.refresh_tokens`,
    );
    expect(rows.some((row) => row.token_hash === tokens.refresh_token)).toBe(false);
    expect(rows.every((row) => /^[0-9a-f]{64}$/.test(row.token_hash))).toBe(true);
  });
});

describe('the signing key', () => {
  test('is generated once into its file (0600) and the same key is loaded after a restart', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'issuer-key-'));
    try {
      const file = join(directory, 'issuer-key.json');
      const first = await loadIssuerKey({ file });
      expect(statSync(file).mode & 0o777).toBe(0o600);
      const second = await loadIssuerKey({ file });
      expect(second.kid).toBe(first.kid);
      expect(second.publicJwk).toEqual(first.publicJwk);
      expect(first.publicJwk.d).toBeUndefined();
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });

  test('ISSUER_PRIVATE_KEY must be a private RSA JWK', async () => {
    await expect(loadIssuerKey({ privateJwk: '{"kty":"EC"}' })).rejects.toThrow(
      'Invalid setting ISSUER_PRIVATE_KEY',
    );
  });
});
