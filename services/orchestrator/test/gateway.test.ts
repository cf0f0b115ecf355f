import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { SERVICE_NAMES, type ServiceName } from '@edu/contracts';
import type { ServiceBinding } from '@edu/platform';
import { createMemoryCache } from '@edu/platform/cache';
import { silentLogger, TEST_IDENTITY_SECRET } from '@edu/platform/testing';
import { createApp } from '../src/app.ts';
import { type IssuerUnderTest, startEmbeddedIssuer } from './support/issuer.ts';

let subject: IssuerUnderTest;
beforeAll(async () => {
  subject = await startEmbeddedIssuer();
}, 60_000);
afterAll(async () => {
  await subject.close();
});

/** A service that records what reached it and answers like a healthy service. */
function recordingBinding(received: Request[]): ServiceBinding {
  return {
    fetch: async (request) => {
      received.push(request);
      return Response.json({ status: 'ok' });
    },
  };
}

function gatewayWith(overrides: Partial<Record<ServiceName, ServiceBinding>>, received: Request[] = []) {
  const services = Object.fromEntries(
    SERVICE_NAMES.map((service) => [service, overrides[service] ?? recordingBinding(received)]),
  ) as Record<ServiceName, ServiceBinding>;
  return createApp({
    services,
    logger: silentLogger,
    identitySecret: TEST_IDENTITY_SECRET,
    identity: subject.issuer,
    cache: createMemoryCache(),
  });
}

describe('health', () => {
  test('a service that cannot be reached makes health 503 and names it down', async () => {
    const gateway = gatewayWith({
      payments: {
        fetch: async () => {
          throw new Error('connection refused');
        },
      },
    });
    const response = await gateway.request('/api/v1/health');
    expect(response.status).toBe(503);
    const body = (await response.json()) as { status: string; services: Record<string, string> };
    expect(body.status).toBe('degraded');
    expect(body.services.payments).toBe('down');
    expect(body.services.users).toBe('ok');
  });

  test('a service answering 500 counts as down', async () => {
    const gateway = gatewayWith({ progress: { fetch: async () => new Response('boom', { status: 500 }) } });
    const body = (await (await gateway.request('/api/v1/health')).json()) as {
      services: Record<string, string>;
    };
    expect(body.services.progress).toBe('down');
  });
});

describe('forwarding', () => {
  test('identity headers sent from outside never reach a service', async () => {
    const received: Request[] = [];
    const gateway = gatewayWith({}, received);
    await gateway.request('/api/v1/users/me', {
      headers: {
        'x-edu-identity': '{"sub":"admin"}',
        'X-Edu-Identity-Signature': 'forged',
        accept: 'application/json',
      },
    });
    expect(received).toHaveLength(1);
    const headers = received[0]?.headers;
    expect(headers?.get('x-edu-identity')).toBeNull();
    expect(headers?.get('x-edu-identity-signature')).toBeNull();
    expect(headers?.get('accept')).toBe('application/json');
  });

  test('the request id travels to the service', async () => {
    const received: Request[] = [];
    const gateway = gatewayWith({}, received);
    await gateway.request('/api/v1/courses', { headers: { 'x-request-id': 'trace-me' } });
    expect(received[0]?.headers.get('x-request-id')).toBe('trace-me');
  });

  test('method, path, query and body arrive unchanged', async () => {
    const received: Request[] = [];
    const gateway = gatewayWith({}, received);
    await gateway.request('/api/v1/courses?q=rust&limit=5', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Rust' }),
    });
    const request = received[0];
    expect(request?.method).toBe('POST');
    expect(new URL(request?.url ?? '').pathname + new URL(request?.url ?? '').search).toBe(
      '/api/v1/courses?q=rust&limit=5',
    );
    expect(await request?.json()).toEqual({ title: 'Rust' });
  });

  // Was 502 before issue 16: a binding that cannot answer is 503 `unavailable` everywhere.
  test('a service that cannot be reached is a 503 problem, not a crash', async () => {
    const gateway = gatewayWith({
      courses: {
        fetch: async () => {
          throw new Error('ECONNREFUSED 10.0.0.3:5432 password=secret');
        },
      },
    });
    const response = await gateway.request('/api/v1/courses');
    expect(response.status).toBe(503);
    const text = await response.text();
    expect(text).not.toContain('secret');
    expect(text).not.toContain('ECONNREFUSED');
  });
});
