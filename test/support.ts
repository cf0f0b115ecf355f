import { openTestDatabase, silentLogger } from '@edu/platform/testing';
import type { Subprocess } from 'bun';
import { createPlatform, type Platform } from '../scripts/lib/platform.ts';

/** The whole embedded platform in this process, on a fresh test database. */
export async function startTestPlatform(env: Record<string, string> = {}): Promise<Platform> {
  // The server-backed run (TEST_REDIS_URL set) exercises the self-hosted switch: cache on Redis.
  const redis = process.env.TEST_REDIS_URL ? { REDIS_URL: process.env.TEST_REDIS_URL } : {};
  return createPlatform({
    env: { LOG_LEVEL: 'silent', ...redis, ...env },
    database: await openTestDatabase(),
    logger: silentLogger,
  });
}

/** Hooks that start the platform get this long: bun's 5 s default is too short for PGlite on a busy machine. */
export const STARTUP_TIMEOUT_MS = 60_000;

export const ORIGIN = 'http://localhost:8787';

/** A request to the platform's gateway, as a client over HTTP would send it. */
export function gatewayRequest(platform: Platform, path: string, init?: RequestInit): Promise<Response> {
  return platform.fetch(new Request(`${ORIGIN}${path}`, init));
}

type Json = Record<string, unknown>;

/** A JSON call through the gateway, as a client sends it; the answer's status, headers and body. */
export async function callApi(
  platform: Platform,
  path: string,
  init: { method?: string; token?: string; body?: unknown } = {},
): Promise<{ status: number; headers: Headers; body: Json }> {
  const headers: Record<string, string> = {};
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const response = await gatewayRequest(platform, path, {
    method: init.method ?? 'GET',
    headers,
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: (text ? JSON.parse(text) : {}) as Json };
}

/** Signs in through the gateway; the access token. */
export async function signIn(platform: Platform, email: string, password: string): Promise<string> {
  const { status, body } = await callApi(platform, '/api/v1/auth/login', {
    method: 'POST',
    body: { username: email, password },
  });
  if (status !== 200) throw new Error(`signing in as ${email} answered ${status}`);
  return String(body.access_token);
}

/** Events are asynchronous: polls `probe` until `check` holds (bounded), then answers its last value. */
export async function eventually<T>(
  probe: () => Promise<T>,
  check: (value: T) => boolean,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await probe();
  while (!check(value) && Date.now() < deadline) {
    await Bun.sleep(50);
    value = await probe();
  }
  return value;
}

const root = new URL('..', import.meta.url).pathname;

/**
 * A loopback port no one listens on right now, from the OS. Suites that start `npm start`'s
 * script each take their own: a fixed port per process would let the next suite collide with
 * the previous one's child while it is still exiting.
 */
export function freePort(): number {
  const probe = Bun.serve({ hostname: '127.0.0.1', port: 0, fetch: () => new Response() });
  const port = probe.port ?? 0;
  probe.stop(true);
  return port;
}

/** Resolves once `origin`'s /api/v1/health answers 200; throws after `timeoutMs`. */
export async function waitForHealth(origin: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const healthy = await fetch(`${origin}/api/v1/health`)
      .then((response) => response.ok)
      .catch(() => false);
    if (healthy) return;
    if (Date.now() > deadline) throw new Error(`the platform at ${origin} did not become healthy`);
    await Bun.sleep(100);
  }
}

/**
 * `npm start`'s script as a real process (its output ignored) with `env` on top of this one's,
 * resolved once it is healthy at `origin`. Stop it with `kill('SIGINT')` as Ctrl-C would.
 */
export async function startPlatformProcess(options: {
  origin: string;
  env: Record<string, string>;
  /** Arguments of `npm start`, e.g. `--fresh`. */
  args?: string[];
  timeoutMs?: number;
}): Promise<Subprocess> {
  const child = Bun.spawn([process.execPath, 'scripts/start.ts', ...(options.args ?? [])], {
    cwd: root,
    env: { ...process.env, ...options.env },
    stdout: 'ignore',
    stderr: 'ignore',
  });
  await waitForHealth(options.origin, options.timeoutMs);
  return child;
}
