import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { DEMO_ACCOUNTS } from '@edu/contracts';
import { queryRows } from '@edu/platform/db';
import { sql } from 'drizzle-orm';
import type { Platform } from '../scripts/lib/platform.ts';
import {
  type Auth0StandIn,
  auth0Env,
  startAuth0StandIn,
} from '../services/orchestrator/test/support/auth0-stand-in.ts';
import { gatewayRequest, STARTUP_TIMEOUT_MS, startTestPlatform } from './support.ts';

let standIn: Auth0StandIn;
let platform: Platform;

beforeAll(async () => {
  standIn = await startAuth0StandIn();
  platform = await startTestPlatform(auth0Env(standIn));
  await platform.seed();
}, STARTUP_TIMEOUT_MS);
afterAll(async () => {
  await platform.close();
  await standIn.stop();
});

const json = (body: unknown): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

describe('register → login → me → refresh → logout through Auth0 (local stand-in)', () => {
  test('the whole flow', async () => {
    const registered = await gatewayRequest(
      platform,
      '/api/v1/auth/register',
      json({ email: 'alan@example.com', password: 'enigma-machine', name: 'Alan Turing' }),
    );
    expect(registered.status).toBe(201);
    const account = (await registered.json()) as { id: string; roles: string[] };
    expect(account.id).toMatch(/^auth0\|/);
    expect(account.roles).toEqual(['user']);

    const login = await gatewayRequest(
      platform,
      '/api/v1/auth/login',
      json({ username: 'alan@example.com', password: 'enigma-machine' }),
    );
    expect(login.status).toBe(200);
    const tokens = (await login.json()) as { access_token: string; refresh_token: string; id_token: string };
    expect(tokens.id_token).toBeString();

    // Auth0 access tokens carry no email or name: /me completes them from the profile.
    const me = await gatewayRequest(platform, '/api/v1/auth/me', {
      headers: { authorization: `Bearer ${tokens.access_token}` },
    });
    expect(me.status).toBe(200);
    expect(await me.json()).toEqual({
      id: account.id,
      email: 'alan@example.com',
      name: 'Alan Turing',
      roles: ['user'],
    });

    const profile = await gatewayRequest(platform, '/api/v1/users/me', {
      headers: { authorization: `Bearer ${tokens.access_token}` },
    });
    expect(profile.status).toBe(200);

    const refreshed = await gatewayRequest(
      platform,
      '/api/v1/auth/refresh',
      json({ refresh_token: tokens.refresh_token }),
    );
    expect(refreshed.status).toBe(200);
    const next = (await refreshed.json()) as { refresh_token: string };
    expect(next.refresh_token).not.toBe(tokens.refresh_token);

    const reused = await gatewayRequest(
      platform,
      '/api/v1/auth/refresh',
      json({ refresh_token: tokens.refresh_token }),
    );
    expect(reused.status).toBe(401);

    const logout = await gatewayRequest(
      platform,
      '/api/v1/auth/logout',
      json({ refresh_token: next.refresh_token }),
    );
    expect(logout.status).toBe(302);
    const location = new URL(logout.headers.get('location') ?? '');
    expect(location.href.startsWith(`https://${standIn.domain}/v2/logout?`)).toBe(true);
    expect(location.searchParams.get('client_id')).toBe(standIn.clientId);
  });

  test("Auth0's brute-force protection sees the caller's address, not the gateway's", async () => {
    const request = new Request(
      'http://localhost:8787/api/v1/auth/login',
      json({ username: 'alan@example.com', password: 'x' }),
    );
    const response = await platform.fetch(request, { clientIp: '198.51.100.4' });
    expect(response.status).toBe(401);
    const sent = standIn.requests.findLast((entry) => entry.path === '/oauth/token');
    expect(sent?.headers.get('auth0-forwarded-for')).toBe('198.51.100.4');
  });

  test('a duplicate email is 409 and a wrong password 401', async () => {
    const again = await gatewayRequest(
      platform,
      '/api/v1/auth/register',
      json({ email: 'ALAN@example.com', password: 'enigma-machine', name: 'Alan Again' }),
    );
    expect(again.status).toBe(409);
    const wrong = await gatewayRequest(
      platform,
      '/api/v1/auth/login',
      json({ username: 'alan@example.com', password: 'bombe-machine' }),
    );
    expect(wrong.status).toBe(401);
  });
});

describe("the site's sign-in through Universal Login, at the gateway", () => {
  const callback = 'https://edu.example/auth/callback';
  const attempt = {
    state: 'state-0123456789abcdef',
    nonce: 'nonce-0123456789abcdef',
    verifier: 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk',
    // RFC 7636 appendix B: BASE64URL(SHA-256) of the verifier above.
    challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
  };
  const authorizeQuery = (overrides: Record<string, string> = {}) =>
    new URLSearchParams({
      redirect_uri: callback,
      state: attempt.state,
      nonce: attempt.nonce,
      code_challenge: attempt.challenge,
      code_challenge_method: 'S256',
      ...overrides,
    });

  test('GET /api/v1/auth/authorize redirects to Auth0 with PKCE; a plain challenge is 400', async () => {
    const response = await gatewayRequest(platform, `/api/v1/auth/authorize?${authorizeQuery()}`);
    expect(response.status).toBe(302);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const location = new URL(response.headers.get('location') ?? '');
    expect(`${location.origin}${location.pathname}`).toBe(`${standIn.url}/authorize`);
    expect(location.searchParams.get('code_challenge')).toBe(attempt.challenge);
    const plain = await gatewayRequest(
      platform,
      `/api/v1/auth/authorize?${authorizeQuery({ code_challenge_method: 'plain' })}`,
    );
    expect(plain.status).toBe(400);
  });

  test('an account made on the login page (a social connection) gets its profile at first sign-in', async () => {
    standIn.addUser({ sub: 'google-oauth2|1234567890', email: 'hedy@example.com', name: 'Hedy Lamarr' });
    standIn.allowCallback(callback);
    standIn.approveAs('hedy@example.com');
    const authorize = await gatewayRequest(platform, `/api/v1/auth/authorize?${authorizeQuery()}`);
    const approved = await fetch(authorize.headers.get('location') ?? '', { redirect: 'manual' });
    const code = new URL(approved.headers.get('location') ?? '').searchParams.get('code') ?? '';
    const body = { code, code_verifier: attempt.verifier, redirect_uri: callback, nonce: attempt.nonce };
    const redeemed = await gatewayRequest(platform, '/api/v1/auth/code', json(body));
    expect(redeemed.status).toBe(200);
    expect(redeemed.headers.get('cache-control')).toBe('no-store');
    const tokens = (await redeemed.json()) as { access_token: string };
    const me = await gatewayRequest(platform, '/api/v1/auth/me', {
      headers: { authorization: `Bearer ${tokens.access_token}` },
    });
    expect(await me.json()).toEqual({
      id: 'google-oauth2|1234567890',
      email: 'hedy@example.com',
      name: 'Hedy Lamarr',
      roles: ['user'],
    });
    const replayed = await gatewayRequest(platform, '/api/v1/auth/code', json(body));
    expect(replayed.status).toBe(401);
    expect(replayed.headers.get('content-type')).toStartWith('application/problem+json');
  });
});

test('when the profile cannot be created, the Auth0 sign-up is undone (Management API)', async () => {
  // A profile that already holds this email (e.g. from before the move to Auth0): the second step fails.
  await platform.database.db.execute(
    sql`insert into users.profiles (id, email, name, roles) values ('legacy-1', 'legacy@example.com', 'Legacy', '{user}')`,
  );
  const response = await gatewayRequest(
    platform,
    '/api/v1/auth/register',
    json({ email: 'legacy@example.com', password: 'legacy-password', name: 'Legacy Again' }),
  );
  expect(response.status).toBe(409);
  expect(standIn.requests.some((entry) => entry.path.startsWith('/api/v2/users/auth0%7C'))).toBe(true);
  // The Auth0 user is gone: the credentials of the failed registration do not sign in.
  const login = await gatewayRequest(
    platform,
    '/api/v1/auth/login',
    json({ username: 'legacy@example.com', password: 'legacy-password' }),
  );
  expect(login.status).toBe(401);
});

describe('with Auth0, the embedded demo accounts do not exist', () => {
  test('no demo profile was seeded and the demo passwords do not work', async () => {
    const rows = await queryRows<{ count: number }>(
      platform.database.db,
      sql`select count(*)::int as count from users.profiles where id like '01930000-0000-7000-8000-00000000a%'`,
    );
    expect(rows[0]?.count).toBe(0);
    const [admin] = DEMO_ACCOUNTS;
    const response = await gatewayRequest(
      platform,
      '/api/v1/auth/login',
      json({ username: admin?.email, password: admin?.password }),
    );
    expect(response.status).toBe(401);
  });

  test('the embedded issuer publishes no token key (Auth0 publishes its own); certificate keys remain', async () => {
    const response = await gatewayRequest(platform, '/.well-known/jwks.json');
    const { keys } = (await response.json()) as { keys: Array<{ kid: string }> };
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.every((key) => key.kid.startsWith('progress-certificates-'))).toBe(true);
  });
});
