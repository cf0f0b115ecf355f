/**
 * The load generator of bench/progress.ts, in its own Node process: autocannon cycling
 * through pre-signed (learner, lesson) requests so most requests are first completions
 * (real writes, events, certificates at each learner's last lesson), then repeats.
 * Usage: node bench/progress-load.mjs <requests.json> <url> <connections> <seconds>
 */
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';

const [file, url, connections, seconds] = process.argv.slice(2);
const plan = JSON.parse(readFileSync(file, 'utf8'));
let next = 0;
const result = await autocannon({
  url,
  connections: Number(connections),
  duration: Number(seconds),
  requests: [
    {
      method: 'POST',
      setupRequest: (request) => {
        const item = plan[next % plan.length];
        next += 1;
        return {
          ...request,
          path: item.path,
          headers: { ...item.headers, 'content-type': 'application/json' },
          body: '{"status":"completed"}',
        };
      },
    },
  ],
});
process.stdout.write(
  JSON.stringify({
    requestsPerSecond: result.requests.average,
    total: result.requests.total,
    p50: result.latency.p50,
    p90: result.latency.p90,
    p99: result.latency.p99,
    max: result.latency.max,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  }),
);
