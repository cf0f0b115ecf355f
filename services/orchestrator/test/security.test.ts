import { afterAll, beforeAll } from 'bun:test';
import { SERVICE_NAMES, type ServiceName } from '@edu/contracts';
import { type ServiceBinding, unavailableBinding } from '@edu/platform';
import { createMemoryCache } from '@edu/platform/cache';
import { type Identity, readIdentity } from '@edu/platform/http';
import { silentLogger, TEST_IDENTITY_SECRET } from '@edu/platform/testing';
import { describeRouteSecurity, type TestCaller } from '@edu/platform/testing/security';
import { generateKeyPair, SignJWT } from 'jose';
import { createApp } from '../src/app.ts';
import { type IssuerUnderTest, startEmbeddedIssuer, TEST_AUDIENCE, TEST_ISSUER } from './support/issuer.ts';

/**
 * The gateway's own protected routes. Services read the identity the gateway signed; the gateway
 * itself reads bearer tokens. So the subject below turns each case's signed identity into the
 * bearer token that caller would hold: a token of the embedded issuer for an identity signed
 * with the internal secret, a token signed with someone else's key for a forged one.
 */
let issuer: IssuerUnderTest;
let gateway: ReturnType<typeof createApp>;
let foreignKey: CryptoKey;
let clientId: string;

const admin: TestCaller = { sub: 'admin-1', roles: ['user', 'admin'] };
const learner: TestCaller = { sub: 'learner-1', roles: ['user'] };
const partner: TestCaller = {
  sub: 'cl_partner@clients',
  roles: [],
  kind: 'client',
  scopes: ['progress:read'],
};

async function accessToken(identity: Identity, key: CryptoKey, kid: string): Promise<string> {
  const claims =
    identity.kind === 'client'
      ? { gty: 'client-credentials', scope: identity.scopes.join(' '), client_id: identity.sub }
      : { roles: identity.roles, email: `${identity.sub}@example.com`, name: identity.sub };
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'RS256', kid, typ: 'at+jwt' })
    .setIssuer(TEST_ISSUER)
    .setAudience(TEST_AUDIENCE)
    .setSubject(identity.sub)
    .setIssuedAt()
    .setExpirationTime('5m')
    .sign(key);
}

/** The gateway, asked with the bearer token of the caller the signed identity headers name. */
const subject = {
  app: {
    async request(input: string, init: RequestInit = {}) {
      const headers = new Headers(init.headers);
      const claimed = headers.has('x-edu-identity');
      const identity = await readIdentity(headers, TEST_IDENTITY_SECRET);
      headers.delete('x-edu-identity');
      headers.delete('x-edu-identity-signature');
      if (identity) {
        headers.set(
          'authorization',
          `Bearer ${await accessToken(identity, issuer.key.privateKey, issuer.key.kid)}`,
        );
      } else if (claimed) {
        const forged = { kind: 'user' as const, sub: 'intruder', roles: [], scopes: [], exp: 0 };
        headers.set('authorization', `Bearer ${await accessToken(forged, foreignKey, issuer.key.kid)}`);
      }
      return gateway.request(input, { ...init, headers });
    },
  },
};

beforeAll(async () => {
  issuer = await startEmbeddedIssuer();
  foreignKey = (await generateKeyPair('RS256')).privateKey;
  gateway = createApp({
    services: Object.fromEntries(SERVICE_NAMES.map((name) => [name, unavailableBinding(name)])) as Record<
      ServiceName,
      ServiceBinding
    >,
    logger: silentLogger,
    identitySecret: TEST_IDENTITY_SECRET,
    identity: issuer.issuer,
    cache: createMemoryCache(),
  });
  ({ clientId } = await issuer.issuer.clients.create({
    name: 'Acme LMS',
    scopes: ['progress:read'],
    rateLimitPerMinute: null,
  }));
}, 60_000);
afterAll(async () => {
  await issuer.close();
});

const notAnAdmin = { caller: () => learner };

describeRouteSecurity({
  service: 'orchestrator',
  subject: () => subject,
  owner: () => admin,
  routes: [
    {
      operation: 'GET /api/v1/auth/me',
      request: () => ({ path: '/api/v1/auth/me' }),
      owner: () => learner,
      // Only user accounts have a profile.
      forbidden: { caller: () => partner },
    },
    {
      operation: 'POST /api/v1/auth/clients',
      request: () => ({ path: '/api/v1/auth/clients', body: { name: 'Globex', scopes: ['progress:read'] } }),
      forbidden: notAnAdmin,
      status: 201,
    },
    {
      operation: 'GET /api/v1/auth/clients',
      request: () => ({ path: '/api/v1/auth/clients' }),
      forbidden: notAnAdmin,
    },
    {
      operation: 'DELETE /api/v1/auth/clients/{clientId}',
      request: () => ({ path: `/api/v1/auth/clients/${clientId}` }),
      forbidden: notAnAdmin,
      status: 204,
    },
  ],
  // Their 401 is about credentials sent in the body, not about who calls: no caller to refuse.
  exempt: {
    'POST /api/v1/auth/login': 'a wrong email or password (test/auth-flow.test.ts)',
    'POST /api/v1/auth/refresh': 'a bad, spent or revoked refresh token (test/auth-flow.test.ts)',
    'POST /api/v1/auth/code': 'a refused authorization code (test/auth0-flow.test.ts)',
    'POST /api/v1/auth/token': 'invalid_client, the partner client’s own credentials (token.test.ts)',
  },
});
