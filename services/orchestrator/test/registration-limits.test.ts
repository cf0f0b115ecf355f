import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { SERVICE_NAMES, type ServiceName } from '@edu/contracts';
import { ConfigError, loadConfig, type ServiceBinding } from '@edu/platform';
import { createMemoryCache } from '@edu/platform/cache';
import { AppError } from '@edu/platform/http';
import { silentLogger, TEST_IDENTITY_SECRET } from '@edu/platform/testing';
import type { IdentityProvider } from '../src/adapters/identity/provider.ts';
import { createApp } from '../src/app.ts';
import { DEFAULT_REGISTER_LIMIT_PER_ADDRESS, type TrafficConfig, TrafficSettings } from '../src/settings.ts';
import { type IssuerUnderTest, startEmbeddedIssuer } from './support/issuer.ts';
import {
  type SiteverifyStandIn,
  STAND_IN_SECRET,
  startSiteverifyStandIn,
} from './support/turnstile-stand-in.ts';

/**
 * Registration and login limits per address (REGISTER_/LOGIN_LIMIT_PER_ADDRESS, per 15
 * minutes) and the optional human check (Cloudflare Turnstile, against a local stand-in of
 * siteverify). What is slow in a real registration is the credential's scrypt hash (~0.25 s):
 * the limits are the gateway's, so here the credential store answers at once and the users
 * service is a stub, which keeps 300 registrations to well under a second.
 */
let subject: IssuerUnderTest;
let siteverify: SiteverifyStandIn;
let registered: string[] = [];
beforeAll(async () => {
  subject = await startEmbeddedIssuer();
  siteverify = startSiteverifyStandIn();
}, 60_000);
afterAll(async () => {
  siteverify.stop();
  await subject.close();
});

/** The users service's internal profile route, answering as the real one does. */
const usersStub: ServiceBinding = {
  fetch: async (request) => {
    const profile = (await request.json()) as { id: string; email: string; name: string };
    return Response.json({ ...profile, roles: ['user'] }, { status: 201 });
  },
};

function gateway(traffic: Partial<TrafficConfig> = {}) {
  registered = [];
  const identity: IdentityProvider = {
    ...subject.issuer,
    register: async ({ email }) => {
      registered.push(email);
      return { id: crypto.randomUUID() };
    },
    login: async () => {
      throw new AppError('unauthorized', 'Wrong email or password');
    },
  };
  return createApp({
    services: Object.fromEntries(SERVICE_NAMES.map((name) => [name, usersStub])) as Record<
      ServiceName,
      ServiceBinding
    >,
    logger: silentLogger,
    identitySecret: TEST_IDENTITY_SECRET,
    identity,
    cache: createMemoryCache(),
    traffic,
  });
}

const post = (body: Record<string, unknown>) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});
const student = (n: number, extra: Record<string, unknown> = {}) =>
  post({ email: `student-${n}@school.example`, password: 'classroom-1', name: `Student ${n}`, ...extra });
const SCHOOL = { clientIp: '203.0.113.10' };

describe('registrations per address', () => {
  test('300 sign-ups from one address pass by default; the next is 429 with Retry-After', async () => {
    expect(DEFAULT_REGISTER_LIMIT_PER_ADDRESS).toBe(300);
    const app = gateway();
    for (let n = 1; n <= 300; n++) {
      const response = await app.request('/api/v1/auth/register', student(n), SCHOOL);
      expect(response.status).toBe(201);
    }
    const refused = await app.request('/api/v1/auth/register', student(301), SCHOOL);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('content-type')).toBe('application/problem+json');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(14 * 60);
    expect(registered).toHaveLength(300);
    // Another address is not held up by the school's.
    expect(
      (await app.request('/api/v1/auth/register', student(302), { clientIp: '203.0.113.11' })).status,
    ).toBe(201);
  });

  test('REGISTER_LIMIT_PER_ADDRESS sets the limit', async () => {
    const app = gateway({ REGISTER_LIMIT_PER_ADDRESS: 2 });
    expect((await app.request('/api/v1/auth/register', student(1), SCHOOL)).status).toBe(201);
    expect((await app.request('/api/v1/auth/register', student(2), SCHOOL)).status).toBe(201);
    expect((await app.request('/api/v1/auth/register', student(3), SCHOOL)).status).toBe(429);
  });
});

test('LOGIN_LIMIT_PER_ADDRESS limits failed logins from one address', async () => {
  const app = gateway({ LOGIN_LIMIT_PER_ADDRESS: 2 });
  const attempt = (n: number) =>
    app.request(
      '/api/v1/auth/login',
      post({ username: `nobody-${n}@school.example`, password: 'guess' }),
      SCHOOL,
    );
  expect((await attempt(1)).status).toBe(401);
  expect((await attempt(2)).status).toBe(401);
  const refused = await attempt(3);
  expect(refused.status).toBe(429);
  expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
});

describe('the human check (Cloudflare Turnstile)', () => {
  const withTurnstile = () =>
    gateway({ TURNSTILE_SECRET_KEY: STAND_IN_SECRET, TURNSTILE_VERIFY_URL: siteverify.url });

  test('is off by default: no token needed, siteverify never asked', async () => {
    const before = siteverify.requests.length;
    expect((await gateway().request('/api/v1/auth/register', student(1), SCHOOL)).status).toBe(201);
    expect(siteverify.requests).toHaveLength(before);
  });

  test('when on, a registration without a token is 400 on turnstileToken, no account made', async () => {
    const app = withTurnstile();
    const before = siteverify.requests.length;
    const response = await app.request('/api/v1/auth/register', student(1), SCHOOL);
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    const problem = (await response.json()) as { errors: Array<{ path: string }> };
    expect(problem.errors.map((error) => error.path)).toEqual(['turnstileToken']);
    expect(siteverify.requests).toHaveLength(before);
    expect(registered).toEqual([]);
  });

  test('a token Cloudflare refuses is 400; siteverify got our secret, the token and the address', async () => {
    const app = withTurnstile();
    const response = await app.request(
      '/api/v1/auth/register',
      student(1, { turnstileToken: 'forged' }),
      SCHOOL,
    );
    expect(response.status).toBe(400);
    expect(siteverify.requests.at(-1)).toEqual({
      secret: STAND_IN_SECRET,
      response: 'forged',
      remoteip: SCHOOL.clientIp,
    });
    expect(registered).toEqual([]);
  });

  test('a good token registers once; used again it is refused', async () => {
    const app = withTurnstile();
    siteverify.issue('token-from-the-widget');
    const created = await app.request(
      '/api/v1/auth/register',
      student(1, { turnstileToken: 'token-from-the-widget' }),
      SCHOOL,
    );
    expect(created.status).toBe(201);
    const replayed = await app.request(
      '/api/v1/auth/register',
      student(2, { turnstileToken: 'token-from-the-widget' }),
      SCHOOL,
    );
    expect(replayed.status).toBe(400);
    expect(registered).toEqual(['student-1@school.example']);
  });

  test('siteverify out of reach is 502, and no account is made', async () => {
    const app = gateway({
      TURNSTILE_SECRET_KEY: STAND_IN_SECRET,
      TURNSTILE_VERIFY_URL: 'http://127.0.0.1:9/turnstile/v0/siteverify',
    });
    const response = await app.request(
      '/api/v1/auth/register',
      student(1, { turnstileToken: 'any' }),
      SCHOOL,
    );
    expect(response.status).toBe(502);
    expect(registered).toEqual([]);
  });

  test('turnstileToken is documented in the register request schema', () => {
    const document = gateway().getOpenAPI31Document({ openapi: '3.1.0', info: { title: 't', version: '1' } });
    const schema = document.components?.schemas?.RegisterRequest as
      | { properties?: Record<string, { description?: string }>; required?: string[] }
      | undefined;
    expect(schema?.properties?.turnstileToken?.description).toContain('Turnstile');
    expect(schema?.required ?? []).not.toContain('turnstileToken');
  });

  test('TURNSTILE_VERIFY_URL must be https unless it is a loopback stand-in', () => {
    expect(loadConfig(TrafficSettings, {}).TURNSTILE_VERIFY_URL).toBe(
      'https://challenges.cloudflare.com/turnstile/v0/siteverify',
    );
    expect(() =>
      loadConfig(TrafficSettings, {
        TURNSTILE_VERIFY_URL: 'http://siteverify.example/turnstile/v0/siteverify',
      }),
    ).toThrow(ConfigError);
  });
});
