import type { AppEnv } from '@edu/platform/http';
import type { Hono } from 'hono';
import { html } from 'hono/html';
import { cspNonce, NONCE, pageContentSecurityPolicy } from '../http/security-headers.ts';

/**
 * A plain landing page at `/` until the Astro site (site/) is served here; it tells a
 * newcomer where the API, its health and its docs are.
 */
export function registerHomePage(app: Hono<AppEnv>) {
  // The page's one inline element is its <style>, allowed by this request's nonce.
  app.use(
    '/',
    pageContentSecurityPolicy({
      defaultSrc: ["'none'"],
      styleSrc: [NONCE],
      baseUri: ["'none'"],
      frameAncestors: ["'none'"],
    }),
  );
  app.get('/', (c) =>
    c.html(html`<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Learning platform</title>
    <style nonce="${cspNonce(c)}">
      body { font: 16px/1.5 system-ui, sans-serif; max-width: 40rem; margin: 3rem auto; padding: 0 1rem; color: #1a1a1a; }
      a { color: #0b57d0; }
      code { background: #f2f2f2; padding: 0.1rem 0.3rem; border-radius: 4px; }
    </style>
  </head>
  <body>
    <main>
      <h1>Learning platform</h1>
      <p>The platform is running. The public API lives under <code>/api/v1</code>.</p>
      <ul>
        <li><a href="/api/v1/health">Health of every service</a></li>
        <li><a href="/docs">Interactive API reference</a></li>
        <li><a href="/api/v1/openapi.json">OpenAPI document</a></li>
      </ul>
    </main>
  </body>
</html>`),
  );
}
