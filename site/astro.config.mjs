// @ts-check
import { defineConfig } from 'astro/config';

/**
 * One site, two targets: the embedded Bun topology serves the @astrojs/node standalone build
 * behind the gateway (scripts/start.ts proxies every non-API path to it); `npm run site:build:edge`
 * builds the same pages for Cloudflare Workers.
 */
const edge = process.env.SITE_TARGET === 'edge';
const adapter = edge
  ? (await import('@astrojs/cloudflare')).default()
  : (await import('@astrojs/node')).default({ mode: 'standalone' });

export default defineConfig({
  output: 'server',
  adapter,
  outDir: edge ? './dist-edge' : './dist',
  // Our forms check Origin and a per-session token themselves (src/middleware.ts), and the
  // site sits behind a proxy whose Host Astro's own check would not see.
  security: {
    checkOrigin: false,
    // A Content-Security-Policy header on every on-demand page, with the hashes of the page's own
    // scripts and styles (so no 'unsafe-inline'). No form-action: the buy and login forms end in
    // redirects to Stripe Checkout and Auth0, which form-action would refuse.
    csp: {
      directives: [
        "default-src 'self'",
        "img-src 'self' https: data:",
        "object-src 'none'",
        "base-uri 'self'",
        "frame-ancestors 'none'",
      ],
    },
  },
  // No Markdown pages here (lessons are rendered by src/lib/markdown.ts); Shiki's inline styles
  // would not pass the CSP anyway.
  markdown: { syntaxHighlight: false },
  telemetry: false,
  devToolbar: { enabled: false },
  build: { inlineStylesheets: 'always' },
});
