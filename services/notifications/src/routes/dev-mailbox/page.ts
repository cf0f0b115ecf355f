import type { ServiceApp } from '@edu/platform/http';
import { createRoute, z } from '@hono/zod-openapi';
import { html } from 'hono/html';
import { NotificationTypeSchema } from '../../domain/notification-types.ts';
import type { NotificationsDeps } from '../../operations/deps.ts';
import { listMailbox } from '../../operations/dev-mailbox.ts';
import { DEV_TAGS, EMAIL_PREVIEW_CSP } from './schemas.ts';

const route = createRoute({
  method: 'get',
  path: '/api/v1/notifications/dev/mailbox.html',
  tags: DEV_TAGS,
  summary: 'The dev mailbox as a page',
  responses: { 200: { description: 'HTML', content: { 'text/html': { schema: z.string() } } } },
});

/** The dev mailbox for a person: each message in a sandboxed frame, and links to the template previews. */
export function registerShowDevMailbox(app: ServiceApp, deps: NotificationsDeps) {
  app.openapi(route, async (c) => {
    const rows = await listMailbox(deps.db);
    const page = await html`<!doctype html>
<html lang="en"><head><meta charset="utf-8" /><title>Dev mailbox</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem;max-width:60rem}details{border:1px solid #ddd;border-radius:6px;margin:.5rem 0;padding:.5rem 1rem}iframe{width:100%;height:28rem;border:0}</style>
</head><body>
<h1>Dev mailbox (${rows.length})</h1>
<p>Templates: ${NotificationTypeSchema.options.map(
      (type) =>
        html`<a href="mail-templates/${type}">${type}</a> (<a href="mail-templates/${type}?locale=ru">ru</a>) `,
    )}</p>
${rows.map(
  (
    row,
  ) => html`<details><summary><strong>${row.subject}</strong> — to ${row.to} — ${row.createdAt.toISOString()}</summary>
<iframe sandbox="" srcdoc="${row.html}"></iframe><pre>${row.text}</pre></details>`,
)}
</body></html>`;
    c.header('Content-Security-Policy', EMAIL_PREVIEW_CSP);
    return c.html(page.toString(), 200);
  });
}
