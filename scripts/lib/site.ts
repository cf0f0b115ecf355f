/**
 * The learner site (site/, Astro SSR) in the embedded topology: its @astrojs/node standalone
 * build runs as a child process on a loopback port, and the front server sends it every request
 * that is not the API's. The site's server calls the public API over http://127.0.0.1:<PORT>,
 * like any other client. Built at install time (root `postinstall`); built here only if missing.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { isServedOverHttps, problemResponse } from '@edu/platform/http';

const root = new URL('../..', import.meta.url).pathname;
const siteDir = join(root, 'site');
const entry = join(siteDir, 'dist/server/entry.mjs');

/** Paths the gateway answers itself; everything else is the site's. */
export function isSiteRequest(url: URL): boolean {
  const path = url.pathname;
  return !(
    path.startsWith('/api/') ||
    path === '/api' ||
    path.startsWith('/.well-known/') ||
    path === '/docs' ||
    path.startsWith('/docs/')
  );
}

function freePort(): number {
  const probe = Bun.serve({ port: 0, hostname: '127.0.0.1', fetch: () => new Response() });
  const port = probe.port ?? 0;
  probe.stop(true);
  return port;
}

export interface SiteServer {
  /** Sends a visitor's request to the site; `visitorIp` is the socket's address. */
  fetch(request: Request, visitorIp: string): Promise<Response>;
  stop(): void;
}

/** The site's forms are small; like the API, the site takes no body over 1 MiB. */
const SITE_MAX_BODY_BYTES = 1024 * 1024;

/**
 * A request's body, read up to `maxBytes` (whatever Content-Length says, which chunked bodies
 * do not have); null as soon as it is longer, without reading the rest.
 */
async function readBodyWithin(request: Request, maxBytes: number): Promise<Uint8Array<ArrayBuffer> | null> {
  const declared = Number(request.headers.get('content-length') ?? 0);
  if (declared > maxBytes) return null;
  if (!request.body) return new Uint8Array(0);
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of request.body) {
    size += chunk.byteLength;
    if (size > maxBytes) return null;
    chunks.push(chunk);
  }
  const body = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

/** Which visitor a site request is for; the site's server repeats it to the API with its secret. */
const VISITOR_IP_HEADER = 'x-edu-visitor-ip';

/**
 * Starts the site's server and resolves once it answers; null when there is no site/ (e.g. a slim
 * image) or it cannot start — the API then still runs, and says so, rather than going down with it.
 */
export async function startSite(options: {
  apiOrigin: string;
  /** SITE_PROXY_SECRET: the site's server proves to the gateway with it whose address it calls for. */
  proxySecret: string;
  say: (message: string) => void;
}): Promise<SiteServer | null> {
  if (!existsSync(join(siteDir, 'package.json'))) return null;
  try {
    return await launch(options);
  } catch (error) {
    options.say(`the site is not served: ${error instanceof Error ? error.message : String(error)}`);
    return null;
  }
}

async function launch(options: Parameters<typeof startSite>[0]): Promise<SiteServer> {
  if (!existsSync(entry)) {
    options.say('building the site (site/dist is missing; `npm install` normally builds it)');
    const build = Bun.spawnSync([process.execPath, '--bun', 'astro', 'build'], {
      cwd: siteDir,
      env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' },
      stdout: 'ignore',
      stderr: 'inherit',
    });
    if (build.exitCode !== 0) throw new Error('the site could not be built (cd site && npm run build)');
  }
  const port = freePort();
  const child = Bun.spawn([process.execPath, join(root, 'scripts/lib/site-child.ts')], {
    cwd: siteDir,
    env: {
      ...process.env,
      HOST: '127.0.0.1',
      PORT: String(port),
      API_ORIGIN: options.apiOrigin,
      ASTRO_NODE_LOGGING: 'disabled',
      SITE_ENTRY: entry,
      SITE_PARENT_PID: String(process.pid),
      SITE_PROXY_SECRET: options.proxySecret,
    },
    stdout: 'ignore',
    // Piped and forwarded rather than inherited, so the child never holds our own stderr open.
    stderr: 'pipe',
  });
  void (async () => {
    for await (const chunk of child.stderr) process.stderr.write(chunk);
  })();
  // The site must not outlive the platform, whichever way this process ends.
  process.on('exit', () => child.kill());
  const origin = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      await fetch(`${origin}/lang?to=en`, { redirect: 'manual' });
      break;
    } catch {
      if (child.exitCode !== null || Date.now() > deadline) {
        child.kill();
        throw new Error('its server did not start');
      }
      await Bun.sleep(25);
    }
  }
  return {
    async fetch(request, visitorIp) {
      const url = new URL(request.url);
      const headers = new Headers(request.headers);
      // Ours to set: whatever a client sent under this name is replaced.
      headers.set(VISITOR_IP_HEADER, visitorIp);
      // The site checks the Origin of form posts against the origin the visitor sees.
      headers.set('x-forwarded-host', url.host);
      // https also when a TLS-terminating proxy in front of us says so (HSTS, the Origin check).
      headers.set('x-forwarded-proto', isServedOverHttps(request) ? 'https' : 'http');
      const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
      const body = hasBody ? await readBodyWithin(request, SITE_MAX_BODY_BYTES) : undefined;
      if (body === null) {
        return problemResponse(
          'payload_too_large',
          `Request bodies are limited to ${SITE_MAX_BODY_BYTES} bytes`,
        );
      }
      const response = await fetch(`${origin}${url.pathname}${url.search}`, {
        method: request.method,
        headers,
        body,
        redirect: 'manual',
        decompress: false,
      });
      return response;
    },
    stop: () => child.kill(),
  };
}
