/**
 * Edge smoke test: every service and the orchestrator is bundled by wrangler exactly as for a
 * deploy, then run inside workerd (Miniflare) with real service bindings between them; the
 * gateway's /api/v1/health must see every service answer from its own worker.
 * Run by scripts/test.ts as `bun test ./test/edge/workers.smoke.ts`.
 */
import { afterAll, beforeAll, expect, test } from 'bun:test';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { BINDING_NAME_OF, SERVICE_NAMES } from '@edu/contracts';
import { Miniflare } from 'miniflare';

const root = new URL('../..', import.meta.url).pathname;
const outDir = join(root, '.wrangler', 'smoke');
const SECRET = 'edge-smoke-identity-secret-0123456789';
// Never contacted: health answers without touching the database; the setting must still be valid.
const UNREACHABLE_DATABASE = 'postgres://smoke:smoke@127.0.0.1:9/smoke';
/**
 * A worker gets no test-mode adapter by default (the dev mailbox, the embedded payment
 * provider): the smoke test asks for test mode explicitly, as a staging deploy would.
 */
const TEST_MODE = { ALLOW_TEST_MODE: 'true', MAIL_TRANSPORT: 'dev', PAYMENT_PROVIDER: 'embedded' };
/** The two services with a test-mode adapter, run a second time without the opt-in. */
const WITHOUT_TEST_MODE = ['payments', 'notifications'] as const;

/** Wrangler wants Node ≥ 22; the `node` dev dependency provides it whatever the system node is. */
async function bundle(name: string, config: string): Promise<string> {
  const bundleDir = join(outDir, name);
  const child = Bun.spawn(
    [
      join(root, 'node_modules/.bin/node'),
      join(root, 'node_modules/wrangler/bin/wrangler.js'),
      'deploy',
      '--dry-run',
      '--outdir',
      bundleDir,
      '--config',
      config,
    ],
    {
      cwd: root,
      env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: 'true' },
      stdout: 'pipe',
      stderr: 'pipe',
    },
  );
  const [code, stderr] = await Promise.all([child.exited, new Response(child.stderr).text()]);
  if (code !== 0) throw new Error(`wrangler could not bundle ${name}:\n${stderr}`);
  return join(bundleDir, 'worker.js');
}

let miniflare: Miniflare;

beforeAll(async () => {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const [gatewayScript, ...serviceScripts] = await Promise.all([
    bundle('orchestrator', join(root, 'wrangler.toml')),
    ...SERVICE_NAMES.map((service) => bundle(service, join(root, 'services', service, 'wrangler.toml'))),
  ]);
  const common = { modules: true, compatibilityDate: '2026-08-01', compatibilityFlags: ['nodejs_compat'] };
  miniflare = new Miniflare({
    workers: [
      {
        ...common,
        name: 'edu-orchestrator',
        scriptPath: gatewayScript,
        // The edge uses Auth0; health and 404s never contact it (its JWKS is fetched on the first token).
        bindings: {
          LOG_LEVEL: 'silent',
          INTERNAL_IDENTITY_SECRET: SECRET,
          AUTH0_DOMAIN: 'edu-smoke.eu.auth0.com',
          AUTH0_AUDIENCE: 'https://api.edu-smoke.example',
          AUTH0_CLIENT_ID: 'smoke-client',
          AUTH0_CLIENT_SECRET: 'smoke-client-secret',
        },
        serviceBindings: Object.fromEntries(
          SERVICE_NAMES.map((service) => [BINDING_NAME_OF[service], `edu-${service}`]),
        ),
      },
      ...SERVICE_NAMES.map((service, index) => ({
        ...common,
        name: `edu-${service}`,
        scriptPath: serviceScripts[index] ?? '',
        bindings: {
          LOG_LEVEL: 'silent',
          INTERNAL_IDENTITY_SECRET: SECRET,
          DATABASE_URL: UNREACHABLE_DATABASE,
          ...TEST_MODE,
        },
      })),
      ...WITHOUT_TEST_MODE.map((service) => ({
        ...common,
        name: `edu-${service}-without-test-mode`,
        scriptPath: serviceScripts[SERVICE_NAMES.indexOf(service)] ?? '',
        bindings: { INTERNAL_IDENTITY_SECRET: SECRET, DATABASE_URL: UNREACHABLE_DATABASE },
      })),
    ],
  });
  await miniflare.ready;
}, 180_000);

afterAll(async () => {
  await miniflare?.dispose();
});

test('the orchestrator worker answers /api/v1/health with every service worker ok', async () => {
  const response = await miniflare.dispatchFetch('http://localhost/api/v1/health');
  expect(response.status).toBe(200);
  expect(await response.json()).toEqual({
    status: 'ok',
    services: Object.fromEntries(SERVICE_NAMES.map((service) => [service, 'ok'])),
  });
});

test.each(SERVICE_NAMES)('the %s worker answers its own health route inside workerd', async (service) => {
  // Miniflare types its Fetcher with its own undici classes; the shape is the standard fetch.
  const worker = (await miniflare.getWorker(`edu-${service}`)) as unknown as {
    fetch(url: string): Promise<Response>;
  };
  const response = await worker.fetch('http://localhost/health');
  expect(response.status).toBe(200);
  expect(await response.json()).toEqual({ status: 'ok', service });
});

test.each(WITHOUT_TEST_MODE)(
  'the %s worker without a real adapter or the test-mode opt-in answers 503 misconfigured',
  async (service) => {
    const worker = (await miniflare.getWorker(`edu-${service}-without-test-mode`)) as unknown as {
      fetch(url: string): Promise<Response>;
    };
    const response = await worker.fetch('http://localhost/health');
    expect(response.status).toBe(503);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(((await response.json()) as { detail: string }).detail).toBe('The service is misconfigured');
  },
);

test('the dev mailbox is not served by the notifications worker, even in explicit test mode', async () => {
  const response = await miniflare.dispatchFetch('http://localhost/api/v1/notifications/dev/mailbox');
  expect(response.status).toBe(404);
  expect(response.headers.get('content-type')).toBe('application/problem+json');
});

test('the gateway worker refuses a garbage bearer token with 401, without calling Auth0', async () => {
  const response = await miniflare.dispatchFetch('http://localhost/api/v1/users/me', {
    headers: { authorization: 'Bearer not-a-jwt' },
  });
  expect(response.status).toBe(401);
  expect(response.headers.get('content-type')).toBe('application/problem+json');
});

test('the gateway worker answers unknown routes with a 404 problem+json', async () => {
  const response = await miniflare.dispatchFetch('http://localhost/api/v1/courses/no/such/route');
  expect(response.status).toBe(404);
  expect(response.headers.get('content-type')).toBe('application/problem+json');
});

test('a service worker’s answer forwarded by the gateway (immutable headers in workerd) carries the security headers', async () => {
  const response = await miniflare.dispatchFetch('http://localhost/api/v1/courses/no/such/route');
  expect(response.status).toBe(404);
  expect(response.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
  expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  expect(response.headers.get('x-frame-options')).toBe('DENY');
  expect(response.headers.get('x-request-id')).not.toBeNull();
});
