import type { AppEnv } from '@edu/platform/http';
import { Scalar } from '@scalar/hono-api-reference';
import type { Hono } from 'hono';
import { html } from 'hono/html';
import { cspNonce, NONCE, pageContentSecurityPolicy } from './security-headers.ts';

/** Where the gateway serves the public OpenAPI document (routes/openapi/get.ts). */
const OPENAPI_PATH = '/api/v1/openapi.json';

/**
 * The Scalar reference's browser bundle, from jsDelivr (hono-api-reference's default CDN), pinned
 * to one version rather than whatever is latest: a single file that renders the whole reference.
 */
export const SCALAR_BUNDLE_URL =
  'https://cdn.jsdelivr.net/npm/@scalar/api-reference@1.76.4/dist/browser/standalone.js';

/**
 * What that bundle really needs. Scripts: only the two tags of the page, by nonce (the bundle and
 * its inline start call). Styles: 'unsafe-inline', because the bundle injects <style> elements at
 * run time, not all of them carrying the nonce (its toasts' do not), and sets style attributes.
 * Fonts from fonts.scalar.com; the document and "Try it" calls go to this origin only (never
 * through Scalar's proxy, which would see the caller's token).
 */
const DOCS_CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'none'"],
  scriptSrc: [NONCE],
  styleSrc: ["'unsafe-inline'"],
  fontSrc: ['https://fonts.scalar.com'],
  imgSrc: ["'self'", 'data:', 'https:'],
  connectSrc: ["'self'"],
  baseUri: ["'none'"],
  formAction: ["'none'"],
  frameAncestors: ["'none'"],
};

/**
 * The gateway's two HTML pages, which are no API operations: a plain landing page at `/` until
 * the Astro site (site/) is served here, telling a newcomer where the API, its health and its
 * docs are; and the interactive API reference at `/docs`.
 */
export function registerPages(app: Hono<AppEnv>) {
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
  app.use('/docs', pageContentSecurityPolicy(DOCS_CONTENT_SECURITY_POLICY));
  app.get(
    '/docs',
    Scalar((c) => ({
      url: OPENAPI_PATH,
      pageTitle: 'Learning platform API reference',
      cdn: SCALAR_BUNDLE_URL,
      nonce: cspNonce(c),
    })),
  );
}
