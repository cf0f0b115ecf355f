import { expect } from 'bun:test';
import { SERVICE_NAMES, type ServiceName } from '@edu/contracts';
import type { ServiceBinding } from '@edu/platform';
import { createMemoryCache } from '@edu/platform/cache';
import { silentLogger, TEST_IDENTITY_SECRET } from '@edu/platform/testing';
import { createApp } from '../../src/app.ts';
import { startEmbeddedIssuer } from './issuer.ts';

// The middle of a rate-limit window, so a test never straddles two windows.
const FIXED_NOW = Date.UTC(2026, 10, 24, 12, 0, 30);
export const CLIENT_IP = { clientIp: '198.51.100.7' };

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
export const basic = (id: string, secret: string) => ({
  authorization: `Basic ${btoa(`${id}:${secret}`)}`,
});
export const form = (fields: Record<string, string>) => ({
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields).toString(),
});

/**
 * The gateway with the embedded issuer, an admin and a learner signed in, and services that
 * record what reached them: what the partner-client suites (clients, token, rate limits) share.
 */
export async function startPartnerFixture() {
  const subject = await startEmbeddedIssuer();
  const cache = createMemoryCache();
  const received: Request[] = [];

  /** A service that records what reached it and answers 200. */
  const recordingBinding: ServiceBinding = {
    fetch: async (request) => {
      received.push(request);
      return Response.json({ ok: true });
    },
  };

  function gateway(options: { partnerRateLimitPerMinute?: number } = {}) {
    return createApp({
      services: Object.fromEntries(SERVICE_NAMES.map((name) => [name, recordingBinding])) as Record<
        ServiceName,
        ServiceBinding
      >,
      logger: silentLogger,
      identitySecret: TEST_IDENTITY_SECRET,
      identity: subject.issuer,
      cache,
      now: () => FIXED_NOW,
      ...options,
    });
  }

  async function signIn(id: string, email: string, roles: Array<'user' | 'admin'>) {
    await subject.issuer.seedCredential({ id, email, password: 'correct-horse' });
    subject.profiles.set(id, { email, name: email, roles });
    return (await subject.issuer.login({ username: email, password: 'correct-horse', clientIp: null }))
      .access_token;
  }

  const adminToken = await signIn('admin-1', 'admin@example.com', ['user', 'admin']);
  const learnerToken = await signIn('learner-1', 'learner@example.com', ['user']);

  async function createClient(
    app: ReturnType<typeof gateway>,
    body: Record<string, unknown> = { name: 'Acme LMS', scopes: ['progress:read', 'enrollments:write'] },
  ) {
    const response = await app.request('/api/v1/auth/clients', {
      method: 'POST',
      headers: { ...bearer(adminToken), 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(response.status).toBe(201);
    return (await response.json()) as { clientId: string; clientSecret: string; scopes: string[] };
  }

  async function tokenFor(
    app: ReturnType<typeof gateway>,
    clientId: string,
    clientSecret: string,
    scope?: string,
  ) {
    const response = await app.request(
      '/api/v1/auth/token',
      {
        method: 'POST',
        ...form({
          grant_type: 'client_credentials',
          client_id: clientId,
          client_secret: clientSecret,
          ...(scope ? { scope } : {}),
        }),
      },
      CLIENT_IP,
    );
    expect(response.status).toBe(200);
    return ((await response.json()) as { access_token: string }).access_token;
  }

  return {
    subject,
    cache,
    received,
    adminToken,
    learnerToken,
    gateway,
    createClient,
    tokenFor,
    close: () => subject.close(),
  };
}
export type PartnerFixture = Awaited<ReturnType<typeof startPartnerFixture>>;
