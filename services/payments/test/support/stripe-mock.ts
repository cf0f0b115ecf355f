/**
 * stripe-mock (github.com/stripe/stripe-mock), Stripe's official API mock: it routes every
 * request through Stripe's OpenAPI spec, refusing unknown or mistyped parameters as Stripe
 * does, and answers with Stripe's fixture objects. It is stateless, so what it returns is a
 * fixture, not the object created (top-level scalars of the request are reflected back).
 *
 * `startStripeMock` uses TEST_STRIPE_MOCK_URL when set; otherwise it spawns the binary
 * (`go install github.com/stripe/stripe-mock@latest`; STRIPE_MOCK_BIN, then $GOPATH/bin, then
 * ~/go/bin, then PATH) on ports the system picks, and waits until it answers.
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { RecordedStripeRequest } from './stripe-stand-in.ts';

export interface StripeMock {
  url: string;
  stop(): Promise<void>;
}

function goBinDir(): string | null {
  const go = Bun.spawnSync(['go', 'env', 'GOPATH'], { stdout: 'pipe', stderr: 'ignore' });
  const gopath = go.exitCode === 0 ? go.stdout.toString().trim() : '';
  return gopath ? join(gopath, 'bin') : null;
}

function findStripeMockBinary(): string | null {
  const goBin = goBinDir();
  const candidates = [
    process.env.STRIPE_MOCK_BIN,
    goBin ? join(goBin, 'stripe-mock') : undefined,
    join(homedir(), 'go', 'bin', 'stripe-mock'),
  ];
  for (const candidate of candidates) if (candidate && existsSync(candidate)) return candidate;
  return Bun.which('stripe-mock');
}

/** Resolves once `url` answers an authenticated list request; throws after `timeoutMs`. */
async function waitUntilAnswering(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const answered = await fetch(`${url}/v1/customers`, { headers: { authorization: 'Bearer sk_test_123' } })
      .then((response) => response.ok)
      .catch(() => false);
    if (answered) return;
    if (Date.now() > deadline) throw new Error(`stripe-mock at ${url} did not answer`);
    await Bun.sleep(100);
  }
}

/** Reads the child's stdout until it names its HTTP address ("Listening for HTTP at address: …"). */
async function httpAddressOf(stdout: ReadableStream<Uint8Array>, timeoutMs: number): Promise<string> {
  const decoder = new TextDecoder();
  let text = '';
  const reader = stdout.getReader();
  const timeout = setTimeout(() => reader.cancel().catch(() => undefined), timeoutMs);
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
      const address = /Listening for HTTP at address: (\S+)/.exec(text)?.[1];
      if (address) return address;
    }
  } finally {
    clearTimeout(timeout);
    reader.releaseLock();
  }
  throw new Error(`stripe-mock did not say where it listens; it printed: ${text.trim()}`);
}

export async function startStripeMock(timeoutMs = 30_000): Promise<StripeMock> {
  const given = process.env.TEST_STRIPE_MOCK_URL;
  if (given) {
    await waitUntilAnswering(given, timeoutMs);
    return { url: given.replace(/\/+$/, ''), stop: async () => {} };
  }
  const binary = findStripeMockBinary();
  if (!binary) {
    throw new Error(
      'stripe-mock is not installed: `go install github.com/stripe/stripe-mock@latest` (or set TEST_STRIPE_MOCK_URL)',
    );
  }
  // Both listeners on loopback ports the system picks, so parallel runs never collide.
  const child = Bun.spawn([binary, '-http-addr', '127.0.0.1:', '-https-addr', '127.0.0.1:'], {
    stdout: 'pipe',
    stderr: 'inherit',
  });
  const stop = async () => {
    child.kill();
    await child.exited;
  };
  try {
    const url = `http://${await httpAddressOf(child.stdout, timeoutMs)}`;
    await waitUntilAnswering(url, timeoutMs);
    return { url, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

export interface RecordingProxy {
  url: string;
  requests: RecordedStripeRequest[];
  stop(): Promise<void>;
}

/**
 * Forwards every request to `target` unchanged and records it as the stand-in does, so a test
 * can assert what we sent (stripe-mock does not echo nested fields such as line_items) while
 * stripe-mock checks it against Stripe's spec.
 */
export function startRecordingProxy(target: string): RecordingProxy {
  const requests: RecordedStripeRequest[] = [];
  const server = Bun.serve({
    hostname: '127.0.0.1',
    port: 0,
    async fetch(request) {
      const url = new URL(request.url);
      const body = await request.text();
      requests.push({
        method: request.method,
        path: url.pathname,
        form: new URLSearchParams(body),
        idempotencyKey: request.headers.get('idempotency-key'),
        authorization: request.headers.get('authorization'),
      });
      const headers = new Headers(request.headers);
      headers.delete('host');
      const answer = await fetch(`${target}${url.pathname}${url.search}`, {
        method: request.method,
        headers,
        ...(request.method === 'GET' || request.method === 'HEAD' ? {} : { body }),
      });
      return new Response(await answer.arrayBuffer(), {
        status: answer.status,
        headers: { 'content-type': answer.headers.get('content-type') ?? 'application/json' },
      });
    },
  });
  return { url: `http://127.0.0.1:${server.port}`, requests, stop: () => server.stop(true) };
}
