import { afterAll, beforeAll, expect, test } from 'bun:test';
import { readIdentity } from '@edu/platform/http';
import worker from '../src/worker.ts';
import { type Auth0StandIn, auth0Env, startAuth0StandIn } from './support/auth0-stand-in.ts';

/**
 * The edge entry under Bun: its settings validation and its wiring (Auth0 only, bindings,
 * client address from cf-connecting-ip). Bundling and workerd are the edge smoke test's job.
 */
let standIn: Auth0StandIn;
const received: Request[] = [];
const binding = {
  fetch: async (request: Request) => {
    received.push(request);
    return Response.json({ ok: true });
  },
};
const SECRET = 'edge-internal-identity-secret-0123456789';
const bindings = {
  USERS: binding,
  COURSES: binding,
  PAYMENTS: binding,
  NOTIFICATIONS: binding,
  PROGRESS: binding,
};

beforeAll(async () => {
  standIn = await startAuth0StandIn();
});
afterAll(async () => {
  await standIn.stop();
});

test('without Auth0 the edge gateway refuses to start (503), naming nothing to the client', async () => {
  const response = await worker.fetch(new Request('https://edu.example/api/v1/health'), {
    ...bindings,
    INTERNAL_IDENTITY_SECRET: SECRET,
  });
  expect(response.status).toBe(503);
  expect(await response.text()).not.toContain('AUTH0');
});

const SITE_SECRET = 'site-proxy-secret-0123456789-abcdef';
/** The worker keeps the gateway it built first, so every test after the first uses this env. */
const edgeEnv = () => ({
  ...bindings,
  ...auth0Env(standIn),
  INTERNAL_IDENTITY_SECRET: SECRET,
  SITE_PROXY_SECRET: SITE_SECRET,
  LOG_LEVEL: 'silent',
});

test('with Auth0 it verifies tokens and forwards the signed identity', async () => {
  const env = edgeEnv();
  const email = 'edge@example.com';
  const signup = await fetch(`${standIn.url}/dbconnections/signup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      client_id: standIn.clientId,
      email,
      password: 'edge-password',
      connection: 'Username-Password-Authentication',
    }),
  });
  expect(signup.status).toBe(200);
  const login = await worker.fetch(
    new Request('https://edu.example/api/v1/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'cf-connecting-ip': '203.0.113.50' },
      body: JSON.stringify({ username: email, password: 'edge-password' }),
    }),
    env,
  );
  expect(login.status).toBe(200);
  expect(
    standIn.requests.findLast((entry) => entry.path === '/oauth/token')?.headers.get('auth0-forwarded-for'),
  ).toBe('203.0.113.50');
  const { access_token } = (await login.json()) as { access_token: string };
  await worker.fetch(
    new Request('https://edu.example/api/v1/courses', {
      headers: { authorization: `Bearer ${access_token}` },
    }),
    env,
  );
  const identity = await readIdentity(received.at(-1)?.headers ?? new Headers(), SECRET);
  expect(identity?.sub).toMatch(/^auth0\|/);
});

test("the site Worker's calls count as the visitor it vouches for with SITE_PROXY_SECRET, and only then", async () => {
  const loginFrom = async (headers: Record<string, string>) => {
    await worker.fetch(
      new Request('https://edu.example/api/v1/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'cf-connecting-ip': '203.0.113.80', ...headers },
        body: JSON.stringify({ username: 'edge@example.com', password: 'edge-password' }),
      }),
      edgeEnv(),
    );
    return standIn.requests
      .findLast((entry) => entry.path === '/oauth/token')
      ?.headers.get('auth0-forwarded-for');
  };
  expect(await loginFrom({ 'x-edu-visitor-ip': '198.51.100.61', 'x-edu-site-secret': SITE_SECRET })).toBe(
    '198.51.100.61',
  );
  expect(await loginFrom({ 'x-edu-visitor-ip': '198.51.100.62', 'x-edu-site-secret': 'guessed' })).toBe(
    '203.0.113.80',
  );
  expect(await loginFrom({ 'x-edu-visitor-ip': '198.51.100.63' })).toBe('203.0.113.80');
});
