import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { SERVICE_NAMES, type ServiceName } from '@edu/contracts';
import { loadConfig, type ServiceBinding } from '@edu/platform';
import { createMemoryCache } from '@edu/platform/cache';
import { silentLogger, TEST_IDENTITY_SECRET } from '@edu/platform/testing';
import { createAuth0Provider } from '../src/adapters/identity/auth0.ts';
import type { IdentityProvider } from '../src/adapters/identity/provider.ts';
import { createApp } from '../src/app.ts';
import { OAuthError } from '../src/domain/oauth-error.ts';
import { auth0ConfigOf, IdentitySettings, requireCompleteAuth0 } from '../src/settings.ts';
import { type Auth0StandIn, auth0Env, startAuth0StandIn } from './support/auth0-stand-in.ts';

let standIn: Auth0StandIn;
let auth0: IdentityProvider;
const PARTNER = { clientId: 'm2mPartnerClientId0001', clientSecret: 'm2m-partner-secret-0123456789' };

beforeAll(async () => {
  standIn = await startAuth0StandIn();
  const config = auth0ConfigOf(
    loadConfig(IdentitySettings.superRefine(requireCompleteAuth0), auth0Env(standIn)),
  );
  if (!config) throw new Error('Auth0 should be configured');
  auth0 = createAuth0Provider(config);
  standIn.addMachineClient({ ...PARTNER, scopes: ['progress:read', 'enrollments:write'] });
  standIn.addMachineClient({
    clientId: 'm2mWithoutGrant',
    clientSecret: 'no-grant-secret-0123456789',
    scopes: null,
  });
}, 60_000);
afterAll(async () => {
  await standIn.stop();
});

function gateway() {
  const binding: ServiceBinding = { fetch: async () => Response.json({ ok: true }) };
  return createApp({
    services: Object.fromEntries(SERVICE_NAMES.map((name) => [name, binding])) as Record<
      ServiceName,
      ServiceBinding
    >,
    logger: silentLogger,
    identitySecret: TEST_IDENTITY_SECRET,
    identity: auth0,
    cache: createMemoryCache(),
  });
}

async function oauthErrorOf(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(OAuthError);
  return (error as OAuthError).oauthError;
}

describe('client credentials with Auth0 (M2M applications)', () => {
  test("the adapter forwards the partner's credentials with our API as audience; the token verifies to kind client", async () => {
    const token = await auth0.issueClientToken({ ...PARTNER, scope: 'progress:read' });
    expect(token).toMatchObject({ token_type: 'Bearer', expires_in: 86_400, scope: 'progress:read' });
    expect(standIn.requests.findLast((request) => request.path === '/oauth/token')?.body).toEqual({
      grant_type: 'client_credentials',
      client_id: PARTNER.clientId,
      client_secret: PARTNER.clientSecret,
      audience: standIn.audience,
      scope: 'progress:read',
    });
    expect(await auth0.verifier.verify(token.access_token)).toEqual({
      kind: 'client',
      sub: `${PARTNER.clientId}@clients`,
      roles: [],
      scopes: ['progress:read'],
    });
    const all = await auth0.issueClientToken({ ...PARTNER, scope: undefined });
    expect(all.scope).toBe('progress:read enrollments:write');
  });

  test("Auth0's 401 (wrong secret) and 403 (no grant, scope not granted) are invalid_client", async () => {
    expect(
      await oauthErrorOf(auth0.issueClientToken({ ...PARTNER, clientSecret: 'wrong', scope: undefined })),
    ).toBe('invalid_client');
    expect(
      await oauthErrorOf(
        auth0.issueClientToken({
          clientId: 'm2mWithoutGrant',
          clientSecret: 'no-grant-secret-0123456789',
          scope: undefined,
        }),
      ),
    ).toBe('invalid_client');
    expect(await oauthErrorOf(auth0.issueClientToken({ ...PARTNER, scope: 'webhooks:manage' }))).toBe(
      'invalid_client',
    );
  });

  test('through the gateway: HTTP Basic works, and the partner is rate limited with RateLimit headers', async () => {
    const app = gateway();
    const response = await app.request('/api/v1/auth/token', {
      method: 'POST',
      headers: {
        authorization: `Basic ${btoa(`${PARTNER.clientId}:${PARTNER.clientSecret}`)}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: 'grant_type=client_credentials',
    });
    expect(response.status).toBe(200);
    const { access_token } = (await response.json()) as { access_token: string };
    const proxied = await app.request('/api/v1/partner/progress', {
      headers: { authorization: `Bearer ${access_token}` },
    });
    expect(proxied.status).toBe(200);
    expect(proxied.headers.get('ratelimit-limit')).toBe('600');
  });

  test('client management answers 409: clients are created in Auth0', async () => {
    const email = 'root@example.com';
    const password = 'root-password-1234';
    await auth0.register({ email, password, name: 'Root' });
    standIn.setRoles(email, ['admin']);
    const { access_token } = await auth0.login({ username: email, password, clientIp: null });
    const response = await gateway().request('/api/v1/auth/clients', {
      headers: { authorization: `Bearer ${access_token}` },
    });
    expect(response.status).toBe(409);
    expect(((await response.json()) as { detail: string }).detail).toContain('Auth0');
  });
});
