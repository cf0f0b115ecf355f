import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { rmSync } from 'node:fs';
import type { Subprocess } from 'bun';
import {
  type Auth0StandIn,
  auth0Env,
  startAuth0StandIn,
} from '../services/orchestrator/test/support/auth0-stand-in.ts';
import { freePort, startPlatformProcess } from './support.ts';

/**
 * The site signs in through Auth0's Universal Login (authorization code + PKCE), end to end:
 * `npm start` with AUTH0_DOMAIN, Auth0 played by the stand-in (its /authorize signs the approved
 * user in at once). The browser is played by `fetch` with a cookie jar, following redirects by hand.
 */
const dataDir = `/tmp/edu-auth0-site-test-${process.pid}`;
const port = freePort();
const origin = `http://127.0.0.1:${port}`;
const callback = `${origin}/auth/callback`;
const email = 'katherine@example.com';
let standIn: Auth0StandIn;
let platform: Subprocess;

beforeAll(async () => {
  standIn = await startAuth0StandIn();
  standIn.allowCallback(callback);
  platform = await startPlatformProcess({
    origin,
    env: { ...auth0Env(standIn), PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
  });
  const registered = await fetch(`${origin}/api/v1/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: 'orbital-mechanics', name: 'Katherine Johnson' }),
  });
  expect(registered.status).toBe(201);
  standIn.approveAs(email);
}, 90_000);

afterAll(async () => {
  platform.kill('SIGINT');
  await platform.exited;
  await standIn.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

interface SetCookie {
  value: string;
  attributes: string[];
}

/** A browser's cookies for the site, and every Set-Cookie it was sent (by name, the latest). */
function browser() {
  const jar = new Map<string, string>();
  const received = new Map<string, SetCookie>();
  async function visit(url: string, init: { form?: Record<string, string> } = {}): Promise<Response> {
    const response = await fetch(url.startsWith('/') ? `${origin}${url}` : url, {
      method: init.form ? 'POST' : 'GET',
      redirect: 'manual',
      headers: {
        ...(url.startsWith(origin) || url.startsWith('/')
          ? { cookie: [...jar].map(([name, value]) => `${name}=${value}`).join('; ') }
          : {}),
        ...(init.form ? { origin, 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      ...(init.form ? { body: new URLSearchParams(init.form) } : {}),
    });
    for (const header of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = header.split(';').map((part) => part.trim());
      const [name = '', value = ''] = pair.split('=');
      received.set(name, { value, attributes: attributes.map((attribute) => attribute.toLowerCase()) });
      if (attributes.some((attribute) => /^max-age=0$|^expires=thu, 01 jan 1970/i.test(attribute))) {
        jar.delete(name);
      } else {
        jar.set(name, value);
      }
    }
    return response;
  }
  const locationOf = (response: Response) => response.headers.get('location') ?? '';
  return { jar, received, visit, locationOf };
}

/** GET /login → the stand-in's /authorize → the callback URL it sends the browser back to. */
async function toCallback(visitor: ReturnType<typeof browser>, next = ''): Promise<URL> {
  const login = await visitor.visit(`/login${next}`);
  expect(login.status).toBe(302);
  const authorize = new URL(visitor.locationOf(login));
  expect(`${authorize.origin}${authorize.pathname}`).toBe(`${standIn.url}/authorize`);
  const approved = await visitor.visit(authorize.toString());
  expect(approved.status).toBe(302);
  const back = new URL(visitor.locationOf(approved));
  expect(`${back.origin}${back.pathname}`).toBe(callback);
  return back;
}

describe('with AUTH0_DOMAIN the site signs in through Universal Login', () => {
  test('login → /authorize → callback → HttpOnly session cookies → the site knows the user', async () => {
    const visitor = browser();
    const back = await toCallback(visitor, '?next=/profile');
    const attempt = visitor.received.get('edu_signin');
    expect(attempt?.attributes).toContain('httponly');
    expect(attempt?.attributes).toContain('path=/auth/callback');

    const authorize = standIn.requests.findLast((request) => request.path === '/authorize')?.body;
    expect(authorize).toMatchObject({
      response_type: 'code',
      client_id: standIn.clientId,
      redirect_uri: callback,
      code_challenge_method: 'S256',
      state: back.searchParams.get('state') ?? '',
    });
    expect(authorize?.nonce?.length).toBeGreaterThanOrEqual(32);
    expect(authorize?.code_challenge).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // Nothing secret rides in the browser's URLs: no client secret, no code verifier.
    expect(JSON.stringify(authorize)).not.toContain(standIn.clientSecret);

    const signedIn = await visitor.visit(`${back.pathname}${back.search}`);
    expect(signedIn.status).toBe(303);
    expect(visitor.locationOf(signedIn)).toBe('/profile');
    for (const name of ['edu_at', 'edu_rt']) {
      expect(visitor.received.get(name)?.attributes).toContain('httponly');
      expect(visitor.jar.has(name)).toBe(true);
    }
    // The attempt is spent: its cookie is cleared.
    expect(visitor.jar.has('edu_signin')).toBe(false);
    const redeemed = standIn.requests.findLast((request) => request.path === '/oauth/token')?.body;
    expect(redeemed).toMatchObject({ grant_type: 'authorization_code', redirect_uri: callback });
    expect(redeemed?.code_verifier).toMatch(/^[A-Za-z0-9_-]{43,128}$/);

    const profile = await visitor.visit('/profile');
    expect(profile.status).toBe(200);
    expect(await profile.text()).toContain(email);
    const me = await fetch(`${origin}/api/v1/auth/me`, {
      headers: { authorization: `Bearer ${visitor.jar.get('edu_at')}` },
    });
    expect(await me.json()).toMatchObject({ email, name: 'Katherine Johnson' });

    // Logging out ends Auth0's session too: the browser goes to /v2/logout, the cookies are gone.
    const page = await (await visitor.visit('/profile')).text();
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page)?.[1] ?? '';
    const logout = await visitor.visit('/logout', { form: { _csrf: csrf } });
    expect(logout.status).toBe(303);
    const away = new URL(visitor.locationOf(logout));
    expect(`${away.origin}${away.pathname}`).toBe(`https://${standIn.domain}/v2/logout`);
    expect(away.searchParams.get('client_id')).toBe(standIn.clientId);
    expect(visitor.jar.has('edu_at')).toBe(false);
    expect(visitor.jar.has('edu_rt')).toBe(false);
  }, 30_000);

  test('a callback with another state is refused, and the attempt cannot be retried', async () => {
    const visitor = browser();
    const back = await toCallback(visitor);
    const forged = new URL(back);
    forged.searchParams.set('state', 'not-the-state-of-this-browser');
    const refused = await visitor.visit(`${forged.pathname}${forged.search}`);
    expect(refused.status).toBe(303);
    expect(visitor.locationOf(refused)).toBe('/login?failed=1');
    expect(visitor.jar.has('edu_at')).toBe(false);
    // The right state now comes too late: the attempt's cookie was spent by the refusal.
    const late = await visitor.visit(`${back.pathname}${back.search}`);
    expect(visitor.locationOf(late)).toBe('/login?failed=1');
    expect(visitor.jar.has('edu_at')).toBe(false);

    const page = await visitor.visit('/login?failed=1');
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('role="alert"');
    expect(html).toContain(`href="${standIn.url}/authorize?`);
  }, 30_000);

  test('a callback without the attempt cookie (another browser) is refused', async () => {
    const back = await toCallback(browser());
    const stranger = browser();
    const refused = await stranger.visit(`${back.pathname}${back.search}`);
    expect(stranger.locationOf(refused)).toBe('/login?failed=1');
    expect(stranger.jar.has('edu_at')).toBe(false);
  }, 30_000);

  test('a replayed code is refused', async () => {
    const first = browser();
    const back = await toCallback(first);
    expect(first.locationOf(await first.visit(`${back.pathname}${back.search}`))).toBe('/me/courses');
    // The same code again, in a fresh attempt whose state it is given.
    const replayer = browser();
    const fresh = await toCallback(replayer);
    const replayed = new URL(fresh);
    replayed.searchParams.set('code', back.searchParams.get('code') ?? '');
    const refused = await replayer.visit(`${replayed.pathname}${replayed.search}`);
    expect(replayer.locationOf(refused)).toBe('/login?failed=1');
    expect(replayer.jar.has('edu_at')).toBe(false);
    const redeemed = standIn.requests.filter((request) => request.path === '/oauth/token');
    expect(redeemed.at(-1)?.body.code).toBe(back.searchParams.get('code') ?? '');
  }, 30_000);

  test('an ID token with another nonce is refused', async () => {
    const visitor = browser();
    const back = await toCallback(visitor);
    standIn.overrideNextIdToken({ nonce: 'a-nonce-of-another-sign-in-attempt' });
    const refused = await visitor.visit(`${back.pathname}${back.search}`);
    expect(visitor.locationOf(refused)).toBe('/login?failed=1');
    expect(visitor.jar.has('edu_at')).toBe(false);
    expect(visitor.jar.has('edu_rt')).toBe(false);
  }, 30_000);
});
