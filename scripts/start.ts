/**
 * `npm start`: the whole platform in one Bun process (the embedded topology).
 * Flags: --fresh wipes DATA_DIR first. Settings: see the README's configuration table.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { ConfigError } from '@edu/platform';
import { type BunSocketData, serveSocketsOnBun, startJobs } from '@edu/platform/runner';
import { createPlatform, dataDirOf, embeddedConfig, type Platform, seedMarkerPath } from './lib/platform.ts';
import { isSiteRequest, type SiteServer, startSite } from './lib/site.ts';

const started = performance.now();
const say = (message: string) => console.error(`[start] ${message}`);

// The site's server and the gateway share this to vouch for visitors' addresses (rate limits).
const env = { SITE_PROXY_SECRET: randomBytes(32).toString('base64url'), ...process.env };
let config: ReturnType<typeof embeddedConfig>;
try {
  config = embeddedConfig(env);
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(2);
  }
  throw error;
}

if (process.argv.includes('--fresh') && existsSync(dataDirOf(config))) {
  say(`--fresh: wiping ${dataDirOf(config)}`);
  rmSync(dataDirOf(config), { recursive: true, force: true });
}

say(
  config.DATABASE_URL
    ? 'using the PostgreSQL server at DATABASE_URL'
    : `using PGlite under ${dataDirOf(config)}`,
);
let platform: Platform;
try {
  platform = await createPlatform({ env, onProgress: say });
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(2);
  }
  console.error(`Could not start the platform: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}

// Once: demo data someone changed or deleted stays that way across restarts.
if (!existsSync(seedMarkerPath(config))) {
  await platform.seed(say);
  writeFileSync(seedMarkerPath(config), new Date().toISOString());
}

// WebSocket upgrades cannot pass through the gateway's fetch (only this server can upgrade),
// so the modules' socket endpoints (the realtime one) are served here beside it.
const sockets = serveSocketsOnBun(platform.sockets);
const jobs = startJobs(platform.jobs, platform.logger);

// The learner site (site/): every non-API path goes to its server, which calls this API itself.
// Started before we listen, so a healthy platform always serves its site too.
const site: SiteServer | null = await startSite({
  apiOrigin: `http://127.0.0.1:${config.PORT}`,
  proxySecret: env.SITE_PROXY_SECRET,
  say,
});
const server = Bun.serve<BunSocketData>({
  port: config.PORT,
  hostname: config.HOST,
  // Bun's own cap would answer a bare 413 before the gateway could: it is lifted, and the gateway
  // and the site proxy each refuse a body past 1 MiB themselves, as problem+json, while reading
  // it. What a refused request still sends is read and dropped by Bun, never kept.
  maxRequestBodySize: Number.MAX_SAFE_INTEGER,
  fetch: (request, bunServer) => {
    const clientIp = bunServer.requestIP(request)?.address ?? '';
    if (sockets.handles(request)) return sockets.upgrade(request, bunServer);
    if (site && isSiteRequest(new URL(request.url))) return site.fetch(request, clientIp);
    return platform.fetch(request, { clientIp });
  },
  websocket: sockets.websocket,
});

const DEMO_PARTNER_LINES = `
  Demo partner API client (client credentials grant at POST /api/v1/auth/token):
    demo-partner            : demo-partner-secret   (enrollments:write, progress:read, webhooks:manage)
`;
const origin = `http://${config.HOST === '0.0.0.0' || config.HOST === '127.0.0.1' ? 'localhost' : config.HOST}:${server.port}`;
console.log(`
  Learning platform is running (embedded topology) in ${((performance.now() - started) / 1000).toFixed(1)} s

  Site        ${origin}/
  API         ${origin}/api/v1
  Health      ${origin}/api/v1/health
  API docs    ${origin}/docs
  OpenAPI     ${origin}/api/v1/openapi.json

  Demo accounts (password after the colon):
    admin@example.com       : admin-password        (user, admin)
    instructor@example.com  : instructor-password   (user, instructor)
    learner@example.com     : learner-password      (user)
${platform.identityKind === 'embedded' ? DEMO_PARTNER_LINES : ''}
  Data in ${config.DATABASE_URL ? 'DATABASE_URL' : dataDirOf(config)} — Ctrl-C stops; npm run reset wipes it.
`);

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  say(`${signal}: stopping`);
  sockets.close();
  site?.stop();
  await server.stop();
  await jobs.stop();
  // Closing PGlite flushes its files, so the next start finds a consistent database.
  await platform.close();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
