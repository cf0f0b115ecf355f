/**
 * Throughput of GET /api/v1/auth/me through the gateway over real HTTP (embedded topology,
 * in-memory PGlite): the gateway verifies the bearer token and answers from its claims.
 * Usage: bun bench/auth-me.ts [seconds] [connections]
 */
import { z } from 'zod';
import { createPlatform } from '../scripts/lib/platform.ts';
import { BENCH_RATE_LIMITS } from './scenarios.ts';

const seconds = Number(process.argv[2] ?? 10);
const connections = Number(process.argv[3] ?? 50);

const platform = await createPlatform({ env: { LOG_LEVEL: 'silent', ...BENCH_RATE_LIMITS }, inMemory: true });
await platform.seed();
const server = Bun.serve({ hostname: '127.0.0.1', port: 0, fetch: (request) => platform.fetch(request) });
const origin = `http://127.0.0.1:${server.port}`;

const login = await fetch(`${origin}/api/v1/auth/login`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ username: 'learner@example.com', password: 'learner-password' }),
});
const { access_token: token } = (await login.json()) as { access_token: string };

// autocannon runs in its own process (node), so the load generator does not share our event loop.
const ResultSchema = z.object({
  requests: z.object({ average: z.number(), total: z.number() }),
  latency: z.object({ p50: z.number(), p99: z.number() }),
  non2xx: z.number(),
});
const child = Bun.spawn(
  [
    'node',
    new URL('../node_modules/autocannon/autocannon.js', import.meta.url).pathname,
    '--json',
    '-c',
    String(connections),
    '-d',
    String(seconds),
    '-H',
    `authorization=Bearer ${token}`,
    `${origin}/api/v1/auth/me`,
  ],
  { stdout: 'pipe', stderr: 'ignore' },
);
const result = ResultSchema.parse(JSON.parse(await new Response(child.stdout).text()));
console.log(
  `GET /api/v1/auth/me: ${Math.round(result.requests.average)} req/s average, ` +
    `p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, ` +
    `${result.non2xx} non-2xx of ${result.requests.total} (${connections} connections, ${seconds} s)`,
);
server.stop(true);
await platform.close();
process.exit(0);
