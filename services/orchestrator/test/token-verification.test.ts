import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from 'bun:test';
import { SERVICE_NAMES, type ServiceName } from '@edu/contracts';
import type { ServiceBinding } from '@edu/platform';
import { createMemoryCache } from '@edu/platform/cache';
import { readIdentity } from '@edu/platform/http';
import { silentLogger, TEST_IDENTITY_SECRET } from '@edu/platform/testing';
import { exportSPKI, generateKeyPair, type JWTPayload, SignJWT } from 'jose';
import { createApp } from '../src/app.ts';
import {
  type IssuerUnderTest,
  startEmbeddedIssuer,
  TEST_AUDIENCE,
  TEST_CLIENT_ID,
  TEST_ISSUER,
} from './support/issuer.ts';

// Real scrypt hashing (~0.25 s each, more on a busy machine): bun's 5 s default is too tight.
setDefaultTimeout(30_000);

let subject: IssuerUnderTest;
let gateway: ReturnType<typeof createApp>;
const received: Request[] = [];

beforeAll(async () => {
  subject = await startEmbeddedIssuer();
  const recording: ServiceBinding = {
    fetch: async (request) => {
      received.push(request);
      return Response.json({ ok: true });
    },
  };
  gateway = createApp({
    services: Object.fromEntries(SERVICE_NAMES.map((name) => [name, recording])) as Record<
      ServiceName,
      ServiceBinding
    >,
    logger: silentLogger,
    identitySecret: TEST_IDENTITY_SECRET,
    identity: subject.issuer,
    cache: createMemoryCache(),
  });
}, 60_000);
afterAll(async () => {
  await subject.close();
});

const now = () => Math.floor(Date.now() / 1000);
const base64url = (value: string | Uint8Array) =>
  Buffer.from(typeof value === 'string' ? new TextEncoder().encode(value) : value).toString('base64url');

function validClaims(): JWTPayload {
  return {
    iss: TEST_ISSUER,
    aud: TEST_AUDIENCE,
    sub: 'user-1',
    iat: now(),
    nbf: now(),
    exp: now() + 600,
    roles: ['user'],
    email: 'user-1@example.com',
    name: 'User One',
  };
}

async function signWith(
  claims: JWTPayload,
  options: { key?: CryptoKey; kid?: string; typ?: string } = {},
): Promise<string> {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'RS256', kid: options.kid ?? subject.key.kid, typ: options.typ ?? 'at+jwt' })
    .sign(options.key ?? subject.key.privateKey);
}

async function hmacToken(secret: string, claims: JWTPayload): Promise<string> {
  const header = base64url(JSON.stringify({ alg: 'HS256', kid: subject.key.kid, typ: 'at+jwt' }));
  const payload = base64url(JSON.stringify(claims));
  const key = await crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  const signature = await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(`${header}.${payload}`));
  return `${header}.${payload}.${base64url(new Uint8Array(signature))}`;
}

const me = (authorization?: string) =>
  gateway.request('/api/v1/auth/me', authorization ? { headers: { authorization } } : {});

describe('a valid access token', () => {
  test('answers /auth/me from its claims', async () => {
    const response = await me(`Bearer ${await signWith(validClaims())}`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      id: 'user-1',
      email: 'user-1@example.com',
      name: 'User One',
      roles: ['user'],
    });
  });

  test('reaches services as a signed identity, never as the token itself', async () => {
    received.length = 0;
    const token = await signWith({ ...validClaims(), roles: ['user', 'instructor', 'superuser'] });
    await gateway.request('/api/v1/courses', {
      headers: {
        authorization: `Bearer ${token}`,
        'x-edu-identity': 'forged',
        'x-edu-identity-signature': 'forged',
      },
    });
    const forwarded = received[0];
    expect(forwarded?.headers.get('authorization')).toBeNull();
    const identity = forwarded ? await readIdentity(forwarded.headers, TEST_IDENTITY_SECRET) : null;
    // Unknown role names are dropped; every account is a user.
    expect(identity).toMatchObject({ kind: 'user', sub: 'user-1', roles: ['user', 'instructor'] });
  });

  test('without a token, services see an anonymous request', async () => {
    received.length = 0;
    await gateway.request('/api/v1/courses');
    expect(received[0]?.headers.get('x-edu-identity')).toBeNull();
  });
});

describe('rejected with 401 and no detail leak', () => {
  const cases: Array<[string, () => Promise<string | undefined>]> = [
    ['no token', async () => undefined],
    ['garbage', async () => 'Bearer garbage'],
    ['three garbage segments', async () => 'Bearer aaa.bbb.ccc'],
    ['not a bearer scheme', async () => `Basic ${btoa('admin:admin')}`],
    [
      'alg: none',
      async () => {
        const header = base64url(JSON.stringify({ alg: 'none', typ: 'at+jwt', kid: subject.key.kid }));
        return `Bearer ${header}.${base64url(JSON.stringify(validClaims()))}.`;
      },
    ],
    [
      'HS256 signed with the public key (PEM)',
      async () => `Bearer ${await hmacToken(await exportSPKI(await publicCryptoKey()), validClaims())}`,
    ],
    [
      'HS256 signed with the public key (JWK)',
      async () => `Bearer ${await hmacToken(JSON.stringify(subject.key.publicJwk), validClaims())}`,
    ],
    [
      'signed by another key with our kid',
      async () => {
        const other = await generateKeyPair('RS256');
        return `Bearer ${await signWith(validClaims(), { key: other.privateKey })}`;
      },
    ],
    [
      'unknown kid',
      async () => {
        const other = await generateKeyPair('RS256');
        return `Bearer ${await signWith(validClaims(), { key: other.privateKey, kid: 'someone-elses-key' })}`;
      },
    ],
    ['wrong iss', async () => `Bearer ${await signWith({ ...validClaims(), iss: 'https://evil.example/' })}`],
    [
      'wrong aud',
      async () => `Bearer ${await signWith({ ...validClaims(), aud: 'https://other-api.example' })}`,
    ],
    [
      'expired',
      async () => `Bearer ${await signWith({ ...validClaims(), iat: now() - 3600, exp: now() - 60 })}`,
    ],
    ['not yet valid', async () => `Bearer ${await signWith({ ...validClaims(), nbf: now() + 600 })}`],
    ['no exp at all', async () => `Bearer ${await signWith({ ...validClaims(), exp: undefined })}`],
    [
      'tampered payload',
      async () => {
        const [header, , signature] = (await signWith(validClaims())).split('.');
        const payload = base64url(JSON.stringify({ ...validClaims(), roles: ['user', 'admin'] }));
        return `Bearer ${header}.${payload}.${signature}`;
      },
    ],
    [
      'an id_token used as an access token',
      async () => {
        const email = `id-token-${crypto.randomUUID()}@example.com`;
        const { id } = await subject.issuer.register({
          email,
          password: 'a-long-password',
          name: 'Id Token',
        });
        subject.profiles.set(id, { email, name: 'Id Token', roles: ['user'] });
        const tokens = await subject.issuer.login({
          username: email,
          password: 'a-long-password',
          clientIp: null,
        });
        return `Bearer ${tokens.id_token}`;
      },
    ],
    [
      'an id_token-shaped token with the API audience (wrong typ)',
      async () => `Bearer ${await signWith(validClaims(), { typ: 'JWT' })}`,
    ],
    [
      'an id_token audience',
      async () => `Bearer ${await signWith({ ...validClaims(), aud: TEST_CLIENT_ID })}`,
    ],
  ];

  let referenceDetail: string | undefined;
  test.each(cases)('%s', async (_name, makeAuthorization) => {
    const authorization = await makeAuthorization();
    for (const path of ['/api/v1/auth/me', '/api/v1/users/me']) {
      received.length = 0;
      const response = await gateway.request(path, authorization ? { headers: { authorization } } : {});
      if (!authorization && path !== '/api/v1/auth/me') continue; // anonymous requests go on to the service
      expect(response.status).toBe(401);
      expect(received).toHaveLength(0);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
      const problem = (await response.json()) as { detail: string };
      referenceDetail ??= problem.detail;
      expect(problem.detail).toBe(referenceDetail);
      expect(JSON.stringify(problem)).not.toMatch(
        /signature|\balg\b|\bkid\b|claim|audience|issuer|jws|jwt|jose|ERR_/i,
      );
    }
  });
});

describe('/.well-known/jwks.json', () => {
  test('publishes the public key only', async () => {
    const response = await gateway.request('/.well-known/jwks.json');
    expect(response.status).toBe(200);
    const { keys } = (await response.json()) as { keys: Array<Record<string, string>> };
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig', kid: subject.key.kid });
    for (const secret of ['d', 'p', 'q', 'dp', 'dq', 'qi']) expect(keys[0]?.[secret]).toBeUndefined();
  });
});

async function publicCryptoKey(): Promise<CryptoKey> {
  return crypto.subtle.importKey(
    'jwk',
    subject.key.publicJwk as JsonWebKey,
    { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
    true,
    ['verify'],
  );
}

test('me without a token is 401 (sanity)', async () => {
  expect((await me()).status).toBe(401);
});
