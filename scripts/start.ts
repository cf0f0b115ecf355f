/**
 * `npm start`: the whole platform in one Bun process (the embedded topology).
 * Flags: --fresh wipes DATA_DIR first. Settings: see the README's configuration table.
 */
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { createNotificationsRuntime, startDeliveryWorker } from '@edu/notifications-service';
import {
  createRealtimeEndpoint,
  defaultRealtimeHub,
  type RealtimeSocketData,
} from '@edu/notifications-service/realtime';
import { ConfigError, loadConfig } from '@edu/platform';
import { createPlatform, dataDirOf, EmbeddedSettings, seedMarkerPath } from './lib/platform.ts';
import { seedPlatform } from './lib/seed.ts';
import { isSiteRequest, type SiteServer, startSite } from './lib/site.ts';

const started = performance.now();
const say = (message: string) => console.error(`[start] ${message}`);

let config: ReturnType<typeof loadConfig<typeof EmbeddedSettings.shape>>;
try {
  config = loadConfig(EmbeddedSettings, process.env);
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
let platform: Awaited<ReturnType<typeof createPlatform>>;
try {
  platform = await createPlatform({ config, onProgress: say });
} catch (error) {
  console.error(`Could not start the platform: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}

if (!existsSync(seedMarkerPath(config))) {
  await seedPlatform(platform, say);
  writeFileSync(seedMarkerPath(config), new Date().toISOString());
} else if (platform.identityKind === 'embedded') {
  // Idempotent and cheap when all exist: data seeded before the demo partner client gets it too.
  await platform.seedIdentity();
}

// WebSocket upgrades of /api/v1/realtime cannot pass through the gateway's fetch (only this
// server can upgrade), so they go to the notifications service's endpoint, which redeems the
// one-time ticket and hands the socket to the process's realtime hub.
const realtime = createRealtimeEndpoint({ cache: platform.cache, hub: defaultRealtimeHub() });
const deliveries = startDeliveryWorker({
  db: platform.database.db,
  logger: platform.logger,
  runtime: createNotificationsRuntime({ db: platform.database.db, topology: 'embedded' }),
});

// The learner site (site/): every non-API path goes to its server, which calls this API itself.
// Started before we listen, so a healthy platform always serves its site too.
const site: SiteServer | null = await startSite({ apiOrigin: `http://127.0.0.1:${config.PORT}`, say });
const server = Bun.serve<RealtimeSocketData>({
  port: config.PORT,
  hostname: config.HOST,
  // Bun's own cap would answer a bare 413 before the gateway could: it is lifted, and the gateway
  // and the site proxy each refuse a body past 1 MiB themselves, as problem+json, while reading
  // it. What a refused request still sends is read and dropped by Bun, never kept.
  maxRequestBodySize: Number.MAX_SAFE_INTEGER,
  fetch: (request, bunServer) =>
    realtime.handles(request)
      ? realtime.upgrade(request, bunServer)
      : site && isSiteRequest(new URL(request.url))
        ? site.fetch(request, bunServer.requestIP(request)?.address ?? '')
        : platform.fetch(request, {
            // The site's server calls the API for its visitors: their address, not its own,
            // is what per-IP limits must count.
            clientIp: site?.visitorIpOf(request) ?? bunServer.requestIP(request)?.address ?? '',
          }),
  websocket: realtime.websocket,
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
  realtime.close();
  site?.stop();
  await server.stop();
  await deliveries.stop();
  // Closing PGlite flushes its files, so the next start finds a consistent database.
  await platform.close();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
