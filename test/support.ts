import { loadConfig } from '@edu/platform';
import { openTestDatabase, silentLogger } from '@edu/platform/testing';
import { createPlatform, EmbeddedSettings, type Platform } from '../scripts/lib/platform.ts';

/** The whole embedded platform in this process, on a fresh test database. */
export async function startTestPlatform(env: Record<string, string> = {}): Promise<Platform> {
  // The server-backed run (TEST_REDIS_URL set) exercises the self-hosted switch: cache on Redis.
  const redis = process.env.TEST_REDIS_URL ? { REDIS_URL: process.env.TEST_REDIS_URL } : {};
  const config = loadConfig(EmbeddedSettings, { LOG_LEVEL: 'silent', ...redis, ...env });
  return createPlatform({ config, database: await openTestDatabase(), logger: silentLogger });
}

/** Hooks that start the platform get this long: bun's 5 s default is too short for PGlite on a busy machine. */
export const STARTUP_TIMEOUT_MS = 60_000;

export const ORIGIN = 'http://localhost:8787';

/** A request to the platform's gateway, as a client over HTTP would send it. */
export function gatewayRequest(platform: Platform, path: string, init?: RequestInit): Promise<Response> {
  return platform.fetch(new Request(`${ORIGIN}${path}`, init));
}
