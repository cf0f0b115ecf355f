import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { ConfigError, loadConfig } from '@edu/platform';
import { AppError } from '@edu/platform/http';
import { generateKeyPair, SignJWT } from 'jose';
import { createAuth0Provider } from '../src/adapters/identity/auth0.ts';
import type { IdentityProvider } from '../src/adapters/identity/provider.ts';
import { type Auth0Config, auth0ConfigOf, IdentitySettings, requireCompleteAuth0 } from '../src/settings.ts';
import { type Auth0StandIn, auth0Env, startAuth0StandIn } from './support/auth0-stand-in.ts';

let standIn: Auth0StandIn;
let config: Auth0Config;
let auth0: IdentityProvider;

const Settings = IdentitySettings.superRefine(requireCompleteAuth0);

beforeAll(async () => {
  standIn = await startAuth0StandIn();
  const loaded = auth0ConfigOf(loadConfig(Settings, auth0Env(standIn)));
  if (!loaded) throw new Error('Auth0 should be configured');
  config = loaded;
  auth0 = createAuth0Provider(config);
}, 60_000);
afterAll(async () => {
  await standIn.stop();
});

async function expectAppError(promise: Promise<unknown>, code: AppError['code']) {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe(code);
}

describe('configuration', () => {
  test('Auth0 is off without AUTH0_DOMAIN', () => {
    expect(auth0ConfigOf(loadConfig(Settings, {}))).toBeNull();
  });

  test.each([
    ['AUTH0_CLIENT_SECRET', { AUTH0_CLIENT_SECRET: '' }],
    ['AUTH0_AUDIENCE', { AUTH0_AUDIENCE: '' }],
    ['AUTH0_CLIENT_ID', { AUTH0_CLIENT_ID: '' }],
    ['AUTH0_DOMAIN', { AUTH0_DOMAIN: 'https://not a host/' }],
    ['AUTH0_BASE_URL', { AUTH0_BASE_URL: 'https://attacker.example' }],
    ['AUTH0_ROLES_CLAIM', { AUTH0_ROLES_CLAIM: 'roles' }],
    ['ACCESS_TOKEN_TTL', { ACCESS_TOKEN_TTL: 'soon' }],
    ['PARTNER_RATE_LIMIT_PER_MINUTE', { PARTNER_RATE_LIMIT_PER_MINUTE: '0' }],
  ])('a wrong %s fails with a message naming it', (name, override) => {
    const run = () => loadConfig(Settings, { ...auth0Env(standIn), ...override });
    expect(run).toThrow(ConfigError);
    expect(run).toThrow(`Invalid setting ${name}`);
  });
});

describe('the Auth0 adapter against the stand-in', () => {
  const email = 'ada@example.com';
  const password = 'analytical-engine';

  test('register → login → verify → refresh (rotated) → reuse refused → logout', async () => {
    const { id } = await auth0.register({ email, password, name: 'Ada Lovelace' });
    expect(id).toMatch(/^auth0\|/);
    standIn.setRoles(email, ['instructor', 'not-a-role']);

    const tokens = await auth0.login({ username: email, password, clientIp: '203.0.113.7' });
    expect(tokens.token_type).toBe('Bearer');
    expect(tokens.refresh_token).toBeString();
    const loginRequest = standIn.requests.findLast((request) => request.path === '/oauth/token');
    expect(loginRequest?.body).toMatchObject({
      grant_type: 'password',
      audience: standIn.audience,
      scope: 'openid profile email offline_access',
      client_id: standIn.clientId,
    });
    expect(loginRequest?.headers.get('auth0-forwarded-for')).toBe('203.0.113.7');

    const caller = await auth0.verifier.verify(tokens.access_token);
    expect(caller).toMatchObject({ kind: 'user', sub: id, roles: ['user', 'instructor'] });

    const refreshed = await auth0.refresh(tokens.refresh_token ?? '');
    expect(refreshed.refresh_token).toBeString();
    expect(refreshed.refresh_token).not.toBe(tokens.refresh_token);
    await expectAppError(auth0.refresh(tokens.refresh_token ?? ''), 'unauthorized');
    // Auth0 revoked the family on reuse; the newer token is dead too.
    await expectAppError(auth0.refresh(refreshed.refresh_token ?? ''), 'unauthorized');

    const again = await auth0.login({ username: email, password, clientIp: null });
    const location = new URL(await auth0.logout(again.refresh_token, 'http://localhost:8787/'));
    expect(`${location.origin}${location.pathname}`).toBe(`https://${standIn.domain}/v2/logout`);
    expect(location.searchParams.get('client_id')).toBe(standIn.clientId);
    expect(location.searchParams.get('returnTo')).toBe('http://localhost:8787/');
    expect(standIn.requests.findLast((request) => request.path === '/oauth/revoke')?.body).toMatchObject({
      token: again.refresh_token,
      client_id: standIn.clientId,
    });
    await expectAppError(auth0.refresh(again.refresh_token ?? ''), 'unauthorized');
  });

  test('a wrong password is 401, a taken email 409, a weak password 400', async () => {
    await expectAppError(auth0.login({ username: email, password: 'wrong', clientIp: null }), 'unauthorized');
    await expectAppError(
      auth0.login({ username: 'nobody@example.com', password: 'wrong', clientIp: null }),
      'unauthorized',
    );
    await expectAppError(auth0.register({ email: 'ADA@example.com', password, name: 'Copy' }), 'conflict');
    await expectAppError(
      auth0.register({ email: 'weak@example.com', password: 'short', name: 'Weak' }),
      'validation_failed',
    );
  });

  test('wrong client credentials are a fault of ours (502), not the user’s', async () => {
    const misconfigured = createAuth0Provider({ ...config, clientSecret: 'not-the-secret-0123456789' });
    await expectAppError(misconfigured.login({ username: email, password, clientIp: null }), 'bad_gateway');
  });

  test('an unreachable tenant is 502', async () => {
    const away = createAuth0Provider({ ...config, baseUrl: 'http://127.0.0.1:9' });
    await expectAppError(away.login({ username: email, password, clientIp: null }), 'bad_gateway');
  });
});

describe('Auth0 tokens are verified strictly', () => {
  const now = () => Math.floor(Date.now() / 1000);
  const claims = () => ({
    iss: `https://${standIn.domain}/`,
    sub: 'auth0|abc',
    aud: [standIn.audience],
    iat: now(),
    exp: now() + 600,
  });

  test.each([
    [
      'the id_token',
      async () =>
        (await auth0.login({ username: 'ada@example.com', password: 'analytical-engine', clientIp: null }))
          .id_token ?? '',
    ],
    ['iss of the stand-in’s own address', async () => standIn.sign({ ...claims(), iss: `${standIn.url}/` })],
    ['another audience', async () => standIn.sign({ ...claims(), aud: 'https://other.example' })],
    ['expired', async () => standIn.sign({ ...claims(), exp: now() - 60 })],
    [
      'another key',
      async () => {
        const other = await generateKeyPair('RS256');
        return new SignJWT(claims())
          .setProtectedHeader({ alg: 'RS256', kid: 'stand-in-key-1' })
          .sign(other.privateKey);
      },
    ],
  ])('refuses %s', async (_name, makeToken) => {
    await expectAppError(auth0.verifier.verify(await makeToken()), 'unauthorized');
  });

  test('an unknown kid refetches the JWKS at most once per cooldown', async () => {
    const before = standIn.jwksFetches();
    const other = await generateKeyPair('RS256');
    for (let attempt = 0; attempt < 20; attempt++) {
      const token = await new SignJWT(claims())
        .setProtectedHeader({ alg: 'RS256', kid: `unknown-${attempt}` })
        .sign(other.privateKey);
      await expectAppError(auth0.verifier.verify(token), 'unauthorized');
    }
    expect(standIn.jwksFetches() - before).toBeLessThanOrEqual(1);
  });
});
